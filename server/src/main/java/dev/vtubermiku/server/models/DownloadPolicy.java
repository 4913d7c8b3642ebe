package dev.vtubermiku.server.models;

import java.time.Duration;

/**
 * How patient a pull is. {@code connectTimeout}: to open a connection; {@code responseTimeout}: for
 * the response headers; {@code idleTimeout}: longest wait for the next bytes of a body;
 * {@code attempts}: tries per file (each later one resumes) before the pull fails.
 */
public record DownloadPolicy(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int attempts,
        Duration retryDelay, String userAgent) {

    public DownloadPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    public static DownloadPolicy defaults(String version) {
        return new DownloadPolicy(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(2), "VtuberMiku/" + version);
    }
}
