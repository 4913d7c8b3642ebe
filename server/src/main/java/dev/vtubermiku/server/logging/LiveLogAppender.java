package dev.vtubermiku.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.vtubermiku.protocol.LogEntry;
import java.util.function.Consumer;

/**
 * Turns each log line into a {@link LogEntry}, with secrets masked, keeps it in the ring and hands
 * it to a sink (the event bus, as {@code log.entry}). Must never block and never log itself.
 */
final class LiveLogAppender extends AppenderBase<ILoggingEvent> {

    private final LogRing ring;
    private final SecretMasker masker;
    private volatile Consumer<LogEntry> sink = entry -> {};
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

    LiveLogAppender(LogRing ring, SecretMasker masker) {
        this.ring = ring;
        this.masker = masker;
        setName("live");
    }

    void sink(Consumer<LogEntry> sink) {
        this.sink = sink;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (inside.get()) {
            return; // a log line written while handing on a log line would loop
        }
        inside.set(true);
        try {
            IThrowableProxy thrown = event.getThrowableProxy();
            String error = thrown == null ? null : masker.mask(ThrowableProxyUtil.asString(thrown));
            LogEntry entry;
            synchronized (ring) {
                entry = new LogEntry(ring.nextSeq(), event.getInstant(), event.getLevel().toString(),
                        event.getLoggerName(), event.getThreadName(), masker.mask(event.getFormattedMessage()), error);
                ring.add(entry);
            }
            sink.accept(entry);
        } finally {
            inside.set(false);
        }
    }
}
