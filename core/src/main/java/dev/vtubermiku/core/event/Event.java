package dev.vtubermiku.core.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A published event. {@code id} is the journal's id, null for types that are delivered live but
 * never stored ({@code log.entry}). {@code data} holds JSON-ready values only: strings, numbers,
 * booleans, lists and maps of them, keyed in snake_case.
 */
public record Event(
        @Nullable Long id,
        String type,
        Instant timestamp,
        Severity severity,
        String message,
        Map<String, @Nullable Object> data) {

    public Event {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public boolean stored() {
        return id != null;
    }
}
