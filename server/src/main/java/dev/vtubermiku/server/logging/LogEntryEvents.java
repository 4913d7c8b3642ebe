package dev.vtubermiku.server.logging;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.LogEntry;
import java.util.function.Consumer;

/** Each new log line as a live {@code log.entry} event (not stored: the log file and ring keep them). */
public final class LogEntryEvents implements Consumer<LogEntry> {

    private final EventBus bus;

    public LogEntryEvents(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void accept(LogEntry entry) {
        bus.publish(entry, severity(entry.level()), entry.message());
    }

    private static Severity severity(String level) {
        return switch (level) {
            case "ERROR" -> Severity.ERROR;
            case "WARN" -> Severity.WARNING;
            case "INFO" -> Severity.INFO;
            default -> Severity.DEBUG;
        };
    }
}
