package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vtubermiku.protocol.event.EventPayload;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One log line, as {@code GET /api/logs} returns it and as the data of a {@code log.entry} event. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogEntry(
        long seq, Instant timestamp, String level, String logger, String thread, String message, @Nullable String error)
        implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.LOG_ENTRY;
    }
}
