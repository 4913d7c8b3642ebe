package dev.vtubermiku.core.event;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An event before the journal has given it an id. */
public record EventDraft(String type, Instant timestamp, Severity severity, String message, Map<String, @Nullable Object> data) {

    public Event withId(Long id) {
        return new Event(id, type, timestamp, severity, message, data);
    }

    public Event unstored() {
        return new Event(null, type, timestamp, severity, message, data);
    }
}
