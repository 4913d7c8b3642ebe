package dev.vtubermiku.server.logging;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.LogEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Each new log line as a live {@code log.entry} event (not stored: the log file and ring keep them). */
public final class LogEntryEvents implements Consumer<LogEntry> {

    private final EventBus bus;

    public LogEntryEvents(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void accept(LogEntry entry) {
        bus.publish(EventTypes.LOG_ENTRY, severity(entry.level()), entry.message(), data(entry));
    }

    private static Severity severity(String level) {
        return switch (level) {
            case "ERROR" -> Severity.ERROR;
            case "WARN" -> Severity.WARNING;
            case "INFO" -> Severity.INFO;
            default -> Severity.DEBUG;
        };
    }

    private static Map<String, Object> data(LogEntry entry) {
        Map<String, Object> data = new HashMap<>();
        data.put("seq", entry.seq());
        data.put("timestamp", entry.timestamp().toString());
        data.put("level", entry.level());
        data.put("logger", entry.logger());
        data.put("thread", entry.thread());
        data.put("message", entry.message());
        if (entry.error() != null) {
            data.put("error", entry.error());
        }
        return data;
    }
}
