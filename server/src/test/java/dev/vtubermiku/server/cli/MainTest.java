package dev.vtubermiku.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line up to the point where it would start anything. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /**
     * Runs the command line. Should a configuration unexpectedly be valid, {@code serve} would start
     * the backend and wait forever: keep its files in the temporary folder and fail on a timeout.
     */
    private int run(Map<String, String> env, String... args) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"),
                "DATA_DIR", dir.resolve("data").toString(),
                "MODELS_DIR", dir.resolve("models").toString(),
                "LOG_FILE", dir.resolve("logs/vtuber.log").toString()));
        environment.putAll(env);
        return assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Main.run(args, environment, dir.resolve(".env"), out, err));
    }

    private List<String> errLines() {
        return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void anInvalidPortExitsWithCode2AndNamesTheKey() {
        int code = run(Map.of("API_PORT", "abc"), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(errLines()).first().asString().startsWith("config error: API_PORT=");
        assertThat(errLines().getFirst()).isEqualTo("config error: API_PORT=\"abc\" must be a port number (1-65535, or 0 for any free port)");
        assertThat(errLines()).last().asString()
                .isEqualTo("Fix the value in the environment or in " + dir.resolve(".env").toAbsolutePath()
                        + " (see .env.example).");
        assertThat(outBytes.size()).isZero();
    }

    @Test
    void everyInvalidKeyGetsItsOwnLine() throws IOException {
        Files.write(dir.resolve(".env"), List.of("LOG_LEVEL=LOUD", "API_HOST=0.0.0.0"));

        int code = run(Map.of("DEBUG", "maybe"), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(errLines()).hasSize(4);
        assertThat(errLines().subList(0, 3)).containsExactly(
                "config error: DEBUG=\"maybe\" must be true or false",
                "config error: LOG_LEVEL=\"LOUD\" must be one of TRACE, DEBUG, INFO, WARN, ERROR",
                "config error: API_HOST=\"0.0.0.0\" is not a loopback address: set API_TOKEN as well, "
                        + "or the API would be open to the network");
    }

    @Test
    void noCommandMeansServeAndChecksTheConfigurationFirst() {
        assertThat(run(Map.of("CHANNELS", "9"))).isEqualTo(2);
        assertThat(errLines().getFirst()).isEqualTo("config error: CHANNELS=\"9\" must be 1 or 2");
    }

    @Test
    void doctorAlsoRefusesAnInvalidConfiguration() {
        assertThat(run(Map.of("SAMPLE_RATE", "1"), "doctor")).isEqualTo(2);
        assertThat(errLines().getFirst()).startsWith("config error: SAMPLE_RATE=");
    }

    @Test
    void secretsAreNotPrinted() {
        assertThat(run(Map.of("API_TOKEN", "eleven-char"), "serve")).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).doesNotContain("eleven-char");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run(Map.of("API_PORT", "abc"), "help")).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).startsWith("usage: ./vtuber [command]");
        assertThat(errBytes.size()).isZero();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run(Map.of(), "dance")).isEqualTo(2);
        assertThat(errLines()).first().asString().isEqualTo("unknown command 'dance'");
        assertThat(errLines()).contains("usage: ./vtuber [command]");
    }
}
