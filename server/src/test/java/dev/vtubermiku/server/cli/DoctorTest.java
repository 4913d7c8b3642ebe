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

/**
 * {@code ./vtuber doctor}: one line per check, a fix under every warning and failure, what she needs
 * apart from what is optional, the one command that fixes the most, the right exit code.
 */
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
        assertThat(run.lines()).anyMatch(l -> l.startsWith("[warn] LLM: cannot reach http://127.0.0.1:9/v1"));
        // optional: listed apart, not as warnings
        int optional = run.lines().indexOf(run.lines().stream().filter(l -> l.startsWith("Optional")).findFirst().orElseThrow());
        List<String> needed = run.lines().subList(0, optional);
        List<String> extras = run.lines().subList(optional, run.lines().size());
        assertThat(needed).anyMatch(l -> l.startsWith("[warn] Piper voice missing")).noneMatch(l -> l.contains("trainer"));
        assertThat(extras).anyMatch(l -> l.startsWith("[ -- ] Silero VAD missing"));
        assertThat(extras).anyMatch(l -> l.startsWith("[ -- ] voice trainer: cannot run"));
        // this machine may or may not have sound devices: either way there is a line for each
        assertThat(extras).anyMatch(l -> l.matches("\\[ ok ] sound output: .+|\\[ -- ] no sound output device"));
        assertThat(extras).anyMatch(l -> l.matches("\\[ ok ] microphone: .+|\\[ -- ] no microphone"));
        for (int i = 0; i < run.lines().size(); i++) {
            String line = run.lines().get(i);
            if (line.startsWith("[warn]") || line.startsWith("[FAIL]")) {
                assertThat(run.lines().get(i + 1)).as("fix under " + line).matches("\\s+fix: .{10,}");
            }
            if (line.startsWith("[ -- ]")) {
                assertThat(run.lines().get(i + 1)).as("how to add " + line).matches("\\s+to add: .{10,}");
            }
        }
        long notSetUp = extras.stream().filter(l -> l.startsWith("[ -- ]")).count();
        assertThat(run.lines().get(run.lines().size() - 2)).isEqualTo("All essential checks passed, but 3 thing(s) keep "
                + "her from talking or listening; " + notSetUp + " optional thing(s) not set up.");
        // one pull fixes the voice, Whisper and VAD: more than any other command
        assertThat(run.lines().getLast()).startsWith(
                "The one command that fixes the most: ./vtuber models pull en_US-amy-medium whisper-base silero-vad");
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
        assertThat(run.lines().getLast()).startsWith("The one command that fixes the most: ./vtuber models pull whisper-base silero-vad");
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
        assertThat(run.lines()).anyMatch(l -> l.startsWith("1 check(s) failed"));
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
