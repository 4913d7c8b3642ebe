package dev.vtubermiku.protocol;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One event as it travels over {@code /ws}, comes out of {@code GET /api/events} and lies in the
 * {@code events} table. {@code id} is null only for events that are never stored ({@code log.entry}).
 */
public record EventEnvelope(
        @Nullable Long id,
        String type,
        Instant timestamp,
        String severity,
        String message,
        Map<String, Object> data) {}
