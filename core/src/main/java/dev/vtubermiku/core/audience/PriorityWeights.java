package dev.vtubermiku.core.audience;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much each reason adds to a queued message's priority (AUDIENCE_WEIGHTS, as
 * {@code mention=10,question=5,...}). Every message starts at 1; the highest score is answered first,
 * the oldest of equal scores first.
 */
public record PriorityWeights(double mention, double question, double bits, double subscriber, double firstTime,
        double vip, double moderator) {

    public static final String DEFAULT = "mention=10,question=5,bits=3,subscriber=2,first_time=2,vip=1,moderator=1";
    public static final PriorityWeights DEFAULTS = parse(DEFAULT);

    /**
     * Reads {@code name=number} pairs, comma-separated; a name left out keeps its default.
     *
     * @throws IllegalArgumentException naming the pair that is wrong
     */
    public static PriorityWeights parse(String text) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (String name : new String[] {"mention", "question", "bits", "subscriber", "first_time", "vip", "moderator"}) {
            w.put(name, DEFAULTS == null ? 0 : DEFAULTS.get(name));
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String name = kv[0].strip().toLowerCase(Locale.ROOT);
            if (kv.length != 2 || !w.containsKey(name)) {
                throw new IllegalArgumentException("'" + pair.strip() + "' is not one of " + String.join("=N, ", w.keySet()) + "=N");
            }
            double value;
            try {
                value = Double.parseDouble(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + pair.strip() + "': the weight must be a number");
            }
            if (!(value >= 0 && value <= 1000)) {
                throw new IllegalArgumentException("'" + pair.strip() + "': the weight must be between 0 and 1000");
            }
            w.put(name, value);
        }
        return new PriorityWeights(w.get("mention"), w.get("question"), w.get("bits"), w.get("subscriber"),
                w.get("first_time"), w.get("vip"), w.get("moderator"));
    }

    private double get(String name) {
        return switch (name) {
            case "mention" -> mention;
            case "question" -> question;
            case "bits" -> bits;
            case "subscriber" -> subscriber;
            case "first_time" -> firstTime;
            case "vip" -> vip;
            default -> moderator;
        };
    }
}
