package dev.vtubermiku.server.avatar;

import dev.vtubermiku.core.chat.Emotion;
import dev.vtubermiku.protocol.AvatarInfo;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Her eight emotions mapped onto what an avatar can show, and the defaults of each kind. */
final class ExpressionMaps {

    /** VRM 1.0 preset names (three-vrm's names for 0.x models too). */
    private static final Map<Emotion, List<String>> VRM = Map.of(
            Emotion.NEUTRAL, List.of("neutral"),
            Emotion.JOY, List.of("happy"),
            Emotion.SADNESS, List.of("sad"),
            Emotion.ANGER, List.of("angry"),
            Emotion.SURPRISE, List.of("surprised"),
            Emotion.FEAR, List.of("sad"),
            Emotion.DISGUST, List.of("angry"),
            Emotion.SMIRK, List.of("relaxed", "happy"));

    /** SillyTavern's expression labels, best first. */
    private static final Map<Emotion, List<String>> SPRITES = Map.of(
            Emotion.NEUTRAL, List.of("neutral"),
            Emotion.JOY, List.of("joy", "excitement", "amusement", "love", "optimism"),
            Emotion.SADNESS, List.of("sadness", "grief", "disappointment", "remorse"),
            Emotion.ANGER, List.of("anger", "annoyance", "disapproval"),
            Emotion.SURPRISE, List.of("surprise", "realization", "excitement", "confusion"),
            Emotion.FEAR, List.of("fear", "nervousness", "embarrassment"),
            Emotion.DISGUST, List.of("disgust", "disapproval", "annoyance"),
            Emotion.SMIRK, List.of("amusement", "pride", "joy"));

    private ExpressionMaps() {}

    static List<String> emotions() {
        return java.util.Arrays.stream(Emotion.values()).map(Emotion::wire).toList();
    }

    /**
     * The default mapping for an avatar of {@code kind} with these expressions: the first choice it
     * has, else neutral (a VRM's first choice even when the model lacks it: three-vrm ignores an
     * unknown name, and the streamer sees the gap in the editor), else its first expression.
     */
    static Map<String, String> defaults(String kind, Collection<String> expressions) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            map.put(e.wire(), switch (kind) {
                case AvatarInfo.VRM -> pick(VRM.get(e), expressions, VRM.get(e).getFirst());
                case AvatarInfo.SPRITES -> pick(SPRITES.get(e), expressions,
                        expressions.contains("neutral") || expressions.isEmpty() ? "neutral" : expressions.iterator().next());
                default -> "neutral";
            });
        }
        return map;
    }

    private static String pick(List<String> choices, Collection<String> available, String otherwise) {
        for (String c : choices) {
            if (available.contains(c)) {
                return c;
            }
        }
        return available.contains("neutral") ? "neutral" : otherwise;
    }

    /**
     * {@code current} with the edits applied, each checked: an emotion of ours, to one of the
     * avatar's expressions (any name of at most 64 characters for a VRM, whose custom expressions
     * the overlay may know better than our reading of the model).
     */
    static Map<String, String> edit(String kind, Collection<String> expressions, Map<String, String> current,
            Map<String, String> edits) {
        Map<String, String> map = new LinkedHashMap<>(current);
        List<String> emotions = emotions();
        edits.forEach((emotion, target) -> {
            if (!emotions.contains(emotion)) {
                throw InvalidAvatarException.invalid("\"" + SpritePack.printable(emotion) + "\" is not one of her emotions ("
                        + String.join(", ", emotions) + ").");
            }
            String t = target == null ? "" : target.strip();
            boolean known = expressions.contains(t) || kind.equals(AvatarInfo.VRM) && t.matches("[\\p{L}\\p{N}_.-]{1,64}");
            if (!known) {
                throw InvalidAvatarException.invalid("\"" + SpritePack.printable(t) + "\" is not an expression of her avatar ("
                        + String.join(", ", expressions) + ").");
            }
            map.put(emotion, t);
        });
        return map;
    }
}
