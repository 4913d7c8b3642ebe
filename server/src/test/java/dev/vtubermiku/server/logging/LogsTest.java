package dev.vtubermiku.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import dev.vtubermiku.protocol.LogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging as installed from configuration, on a logger context of the test's own. */
class LogsTest {

    @TempDir
    Path dir;

    private LoggerContext context;
    private Logs logs;
    private final SecretMasker masker = new SecretMasker();
    private final List<LogEntry> live = new CopyOnWriteArrayList<>();

    @BeforeEach
    void install() {
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        masker.secrets(List.of("sk-very-secret-key-42"));
        logs = Logs.install(context, dir.resolve("logs/vtuber.log"), "INFO", false, masker, 100);
        logs.liveSink(live::add);
    }

    @AfterEach
    void stop() {
        logs.stop();
        context.stop();
    }

    @Test
    void startUpLogsToTheConsoleAtInfoWithTheChattyLibrariesAtWarnWithoutAnXmlFile() {
        LoggerContext boot = new LoggerContext();
        BootLogging configurator = new BootLogging();
        configurator.setContext(boot);
        assertThat(configurator.configure(boot)).isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = boot.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(root.getAppender("console")).isNotNull();
        assertThat(boot.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(BootLogging.class.getResource("/logback.xml")).as("no XML for Joran to parse at start-up").isNull();
        boot.stop();
    }

    @Test
    void userTextCannotForgeOrBreakALine() throws Exception {
        Logger log = context.getLogger("dev.vtubermiku.test");
        log.info("Created character {}", "a\nAPI_HOST=0.0.0.0");
        log.info("Upload {} refused", "x\u0000y\r\u2028z");
        log.info("next line");
        logs.stop();

        List<String> lines = Files.readAllLines(dir.resolve("logs/vtuber.log"));
        assertThat(lines).hasSize(3).noneMatch(l -> l.startsWith("API_HOST"));
        assertThat(lines.get(0)).endsWith("Created character a\\nAPI_HOST=0.0.0.0");
        assertThat(lines.get(1)).endsWith("Upload x\\u0000y\\r\\u2028z refused").doesNotContain("\u0000");
    }

    @Test
    void aSecretIsMaskedAlsoInItsJsonEscapedForm() {
        SecretMasker quoted = new SecretMasker();
        quoted.secrets(List.of("pa\"ss\\word-1234"));
        assertThat(quoted.mask("{\"detail\":\"echo pa\\\"ss\\\\word-1234\"}")).isEqualTo("{\"detail\":\"echo ****\"}");
        assertThat(quoted.mask("raw pa\"ss\\word-1234")).isEqualTo("raw ****");
    }

    @Test
    void linesGoToTheFileMaskedAndToTheLiveSinkAndTheRing() throws Exception {
        Logger log = context.getLogger("dev.vtubermiku.test");
        log.info("the key is sk-very-secret-key-42, do not show it");
        log.debug("not at INFO");
        logs.stop();

        String file = Files.readString(dir.resolve("logs/vtuber.log"));
        assertThat(file).contains("INFO  [").contains("the key is ****, do not show it").doesNotContain("sk-very-secret");
        assertThat(file).doesNotContain("not at INFO");
        assertThat(live).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo("INFO");
            assertThat(e.message()).isEqualTo("the key is ****, do not show it");
            assertThat(e.logger()).isEqualTo("dev.vtubermiku.test");
        });
        assertThat(logs.ring().query("INFO", "key is", 10)).hasSize(1);
    }

    @Test
    void theLevelChangesWhileRunningAndDebugOpensOnlyOurPackages() {
        Logger ours = context.getLogger("dev.vtubermiku.test");
        Logger library = context.getLogger("org.eclipse.jetty.server");
        assertThat(ours.isDebugEnabled()).isFalse();

        logs.level("DEBUG", false);
        assertThat(ours.isDebugEnabled()).isTrue();
        assertThat(library.isDebugEnabled()).as("chatty libraries stay at WARN").isFalse();

        logs.level("WARNING", false);
        assertThat(ours.isInfoEnabled()).isFalse();
        assertThat(ours.isWarnEnabled()).isTrue();

        logs.level("INFO", true);
        assertThat(ours.isDebugEnabled()).isTrue();
        assertThat(context.getLogger("com.example").isDebugEnabled()).isFalse();
    }

    @Test
    void theRingKeepsOnlyTheNewestLines() {
        Logger log = context.getLogger("dev.vtubermiku.test");
        for (int i = 0; i < 250; i++) {
            log.info("line {}", i);
        }
        List<LogEntry> kept = logs.ring().query("TRACE", "", 1000);
        assertThat(kept).hasSize(100);
        assertThat(kept.getFirst().message()).isEqualTo("line 150");
        assertThat(kept.getLast().message()).isEqualTo("line 249");
        assertThat(logs.ring().query("TRACE", "line 2", 1000)).hasSize(50).allMatch(e -> e.message().startsWith("line 2"));
    }

    @Test
    void theFileRollsByDayAndSizeWithATotalCap() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        RollingFileAppender<ILoggingEvent> file = (RollingFileAppender<ILoggingEvent>) root.getAppender("file");
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
        assertThat(file.getFile()).isEqualTo(dir.resolve("logs/vtuber.log").toString());
        assertThat(policy.getFileNamePattern()).isEqualTo(dir.resolve("logs/vtuber.%d{yyyy-MM-dd}.%i.log.gz").toString());
        assertThat(policy.getMaxHistory()).isEqualTo(14);
        assertThat(policy.isStarted()).isTrue();
    }
}
