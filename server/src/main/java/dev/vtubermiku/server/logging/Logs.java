package dev.vtubermiku.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.vtubermiku.protocol.LogEntry;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The process's logging, set up once from configuration: console, a file rotated by day and size
 * with a total cap, the in-memory ring and the live stream. The level can change while running.
 */
public final class Logs {

    private static final String PATTERN = BootLogging.PATTERN;
    private static final String APP_PACKAGE = "dev.vtubermiku";
    /** Libraries that are chatty at INFO; their warnings still come through. */
    private static final String[] QUIET = BootLogging.QUIET;

    private final LoggerContext context;
    private final SecretMasker masker;
    private final LogRing ring;
    private final LiveLogAppender live;

    private Logs(LoggerContext context, SecretMasker masker, LogRing ring) {
        this.context = context;
        this.masker = masker;
        this.ring = ring;
        this.live = new LiveLogAppender(ring, masker);
    }

    /**
     * Replaces whatever logging was configured with ours.
     *
     * @param logFile the file to write, or null for console only (tests)
     */
    public static Logs install(Path logFile, String level, boolean debug, SecretMasker masker, int ringSize) {
        return install((LoggerContext) LoggerFactory.getILoggerFactory(), logFile, level, debug, masker, ringSize);
    }

    /** The same on a context of the caller's (tests use their own, leaving the process's alone). */
    static Logs install(LoggerContext context, Path logFile, String level, boolean debug, SecretMasker masker,
            int ringSize) {
        Logs logs = new Logs(context, masker, new LogRing(ringSize));
        logs.configure(logFile);
        logs.level(level, debug);
        return logs;
    }

    private void configure(Path logFile) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder());
        console.start();
        root.addAppender(console);

        Path absolute = logFile.toAbsolutePath();
        String base = absolute.getFileName().toString().replaceFirst("\\.log$", "");
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(absolute.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(absolute.resolveSibling(base + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("500MB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder());
        file.start();
        root.addAppender(file);

        live.setContext(context);
        live.start();
        root.addAppender(live);
    }

    private LayoutWrappingEncoder<ILoggingEvent> encoder() {
        MaskingLayout layout = new MaskingLayout(masker);
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /** For one-shot commands that print their own report: only warnings and errors reach the console. */
    public static void quiet() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }

    /** Sets LOG_LEVEL (and DEBUG, which opens our own packages to DEBUG) on the running process. */
    public void level(String level, boolean debug) {
        Level root = Level.toLevel(LogRing.normalise(level), Level.INFO);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(root);
        Level ours = debug && root.isGreaterOrEqual(Level.DEBUG) ? Level.DEBUG : null;
        context.getLogger(APP_PACKAGE).setLevel(ours);
        Level libraries = root.isGreaterOrEqual(Level.WARN) ? null : Level.WARN;
        for (String name : QUIET) {
            context.getLogger(name).setLevel(libraries);
        }
        // DJL (the embedding model's tokenizer) warns twice per start that it cannot count GPUs
        // on a machine without CUDA: noise in a streamer's log, so only its errors are kept.
        context.getLogger("ai.djl").setLevel(Level.ERROR);
        // Twitch4J's chat warns on every anonymous connect that whispers are unavailable; the
        // connector reports what matters (token refused, scopes missing) as the twitch service.
        context.getLogger("com.github.twitch4j.chat.TwitchChat").setLevel(Level.ERROR);
    }

    /** Where each new log line goes besides console, file and ring (the event bus). */
    public void liveSink(Consumer<LogEntry> sink) {
        live.sink(sink);
    }

    public LogRing ring() {
        return ring;
    }

    public SecretMasker masker() {
        return masker;
    }

    /** Flushes and closes the appenders. */
    public void stop() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            appender.stop();
        }
    }
}
