package dev.vtubermiku.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vtuber doctor}: one line per check, a fix under every warning and failure, the right exit code. */
class DoctorTest {

    @TempDir
    Path dir;

    private Map<String, String> environment() {
        Map<String, String> env = TestBackend.environment(dir);
        env.put("LLM_BASE_URL", "http://127.0.0.1:9/v1");
        return env;
    }

    private record Run(int exit, List<String> lines) {}

    private Run doctor(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"doctor"}, env, dir.resolve(".env"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aFreshInstallPassesWithWarningsForWhatIsMissingAndSaysHowToGetIt() throws Exception {
        Run run = doctor(environment());
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[ ok ] Java 25") || l.matches("\\[ ok ] Java 2[5-9].*"));
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[ ok ] data folder"));
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[ ok ] database") && l.contains("integrity ok"));
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[warn] Piper voice missing"));
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[warn] Whisper model missing"));
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[warn] Silero VAD missing"));
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[warn] LLM: cannot reach http://127.0.0.1:9/v1"));
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[warn] voice trainer: cannot run"));
        // this machine may or may not have sound devices: either way there is a line for each
        assertThat(run.lines()).anyMatch(l -> l.matches("\\[ ok ] sound output: .+|\\[warn] no sound output device"));
        assertThat(run.lines()).anyMatch(l -> l.matches("\\[ ok ] microphone: .+|\\[warn] no microphone"));
        for (int i = 0; i < run.lines().size(); i++) {
            String line = run.lines().get(i);
            if (line.startsWith("[warn]") || line.startsWith("[FAIL]")) {
                assertThat(run.lines().get(i + 1)).as("fix under " + line).matches("\\s+fix: .{10,}");
            }
        }
        assertThat(run.lines().getLast()).contains("passed");
        assertThat(Files.exists(dir.resolve("vtuber.db"))).isTrue();
    }

    @Test
    void aPresentModelIsOk() throws Exception {
        Path voice = dir.resolve("models/piper/en_US-amy-medium.onnx");
        Files.createDirectories(voice.getParent());
        Files.writeString(voice, "x");
        Files.writeString(voice.resolveSibling("en_US-amy-medium.onnx.json"), "{}");
        Run run = doctor(environment());
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[ ok ] Piper voice " + voice));
    }

    @Test
    void aFolderThatCannotBeWrittenFailsWithAFixAndExitCode1() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        Map<String, String> env = environment();
        env.put("DATA_DIR", file.resolve("data").toString());
        Run run = doctor(env);
        assertThat(run.exit()).isEqualTo(1);
        int failed = run.lines().indexOf(run.lines().stream().filter(l -> l.startsWith("[FAIL] data folder")).findFirst().orElseThrow());
        assertThat(run.lines().get(failed + 1)).contains("DATA_DIR");
        assertThat(run.lines().getLast()).contains("1 check(s) failed");
    }

    @Test
    void unknownCommandsAndBadConfigurationExitWith2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"dance"}, Map.of(), dir.resolve(".env"), out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'dance'").contains("usage:");

        err.reset();
        Map<String, String> env = environment();
        env.put("LOG_LEVEL", "LOUD");
        assertThat(Main.run(new String[] {"doctor"}, env, dir.resolve(".env"), out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .isEqualTo("config error: LOG_LEVEL=\"LOUD\" must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }
}
