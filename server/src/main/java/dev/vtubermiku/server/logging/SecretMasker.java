package dev.vtubermiku.server.logging;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one redaction step for text that leaves the process (log lines, problem details, WebSocket
 * replies, events and so the events table): replaces the current value of every secret config key
 * wherever it appears, also in its JSON-escaped form (a secret inside a serialised body).
 */
public final class SecretMasker implements UnaryOperator<String> {

    private static final String MASK = "****";
    private volatile List<String> secrets = List.of();
    private volatile List<String> configured = List.of();
    /** Secrets that are no config value, by name: a token another program granted (VTube Studio's). */
    private final java.util.Map<String, String> granted = new java.util.concurrent.ConcurrentHashMap<>();

    public void secrets(List<String> values) {
        configured = List.copyOf(values);
        rebuild();
    }

    /** Masks {@code value} too from now on, under {@code name}; a new value replaces the old, null forgets it. */
    public void granted(String name, @org.jspecify.annotations.Nullable String value) {
        if (value == null) {
            granted.remove(name);
        } else {
            granted.put(name, value);
        }
        rebuild();
    }

    private synchronized void rebuild() {
        List<String> values = new java.util.ArrayList<>(configured);
        values.addAll(granted.values());
        // Very short "secrets" would mask ordinary words; config validation keeps real ones long.
        Set<String> forms = new LinkedHashSet<>();
        for (String v : values) {
            if (v.length() >= 4) {
                forms.add(v);
                forms.add(jsonEscaped(v));
            }
        }
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = forms.stream().sorted((a, b) -> b.length() - a.length()).toList();
    }

    public String mask(String text) {
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /**
     * How many characters at the end of {@code text} could be the start of a secret that the next
     * piece of a stream completes: a streamed text holds them back until it knows.
     */
    public int unsafeTail(String text) {
        int longest = 0;
        for (String secret : secrets) {
            for (int n = Math.min(secret.length() - 1, text.length()); n > longest; n--) {
                if (text.regionMatches(text.length() - n, secret, 0, n)) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }

    @Override
    public String apply(String text) {
        return mask(text);
    }

    private static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
