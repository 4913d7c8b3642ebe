package dev.vtubermiku.server.logging;

import java.util.List;

/** Replaces the current secret values wherever they appear in text bound for a log or a client. */
public final class SecretMasker {

    private static final String MASK = "****";
    private volatile List<String> secrets = List.of();

    public void secrets(List<String> values) {
        // Very short "secrets" would mask ordinary words; config validation keeps real ones long.
        this.secrets = values.stream().filter(v -> v.length() >= 4).toList();
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
}
