package dev.vtubermiku.protocol;

import java.util.List;

/** {@code GET /api/config}: every key with its effective value (secrets masked) and origin. */
public record ConfigResponse(List<Entry> entries) {

    /**
     * {@code source} is {@code environment}, {@code dotenv}, {@code runtime} or {@code default};
     * {@code runtime} keys can be changed with {@code POST /api/config} without a restart.
     */
    public record Entry(
            String key, String value, String source, boolean secret, boolean runtime, String description) {}
}
