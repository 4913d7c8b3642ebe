package dev.vtubermiku.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.models.FileServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vtuber models list | pull | verify} end to end, downloading the real Silero VAD from a local mirror. */
class ModelsCommandTest {

    private static final String SILERO_PATH = "/snakers4/silero-vad/v5.1.2/src/silero_vad/data/silero_vad.onnx";

    @TempDir
    Path dir;

    private FileServer mirror;
    private ByteArrayOutputStream outBytes;
    private ByteArrayOutputStream errBytes;

    @BeforeEach
    void start() throws Exception {
        mirror = new FileServer();
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    private int run(boolean terminal, String... args) {
        outBytes = new ByteArrayOutputStream();
        errBytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Map<String, String> environment = new HashMap<>(Map.of(
                "DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"),
                "DATA_DIR", dir.resolve("data").toString(),
                "MODELS_DIR", dir.resolve("models").toString(),
                "LOG_FILE", dir.resolve("logs/vtuber.log").toString(),
                "MODEL_MIRROR", mirror.base().toString()));
        return assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Main.run(args, environment, dir.resolve(".env"), out, err, terminal));
    }

    private int run(String... args) {
        return run(false, args);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private String line(String startingWith) {
        return out().lines().filter(l -> l.startsWith(startingWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + startingWith + "' in:\n" + out()));
    }

    @Test
    void listShowsEveryModelWithKindSizeAndState() {
        assertThat(run("models", "list")).isZero();

        assertThat(out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).matches("NAME +KIND +SIZE +STATE"));
        assertThat(line("en_US-amy-medium *")).matches("en_US-amy-medium \\* +piper +60\\.3 MiB +missing");
        assertThat(line("whisper-base-q5_1 ")).matches("whisper-base-q5_1 +whisper +56\\.9 MiB +missing");
        assertThat(line("silero-vad *")).matches("silero-vad \\* +vad +2\\.2 MiB +missing");
        assertThat(out()).contains("Models live in " + dir.resolve("models").toAbsolutePath())
                .contains("downloads come from MODEL_MIRROR " + mirror.base());
        assertThat(err()).isEmpty();
    }

    @Test
    void pullDownloadsVerifiesAndReportsInPlainLinesThenListAndVerifyAgree() throws Exception {
        byte[] silero = Fixtures.bytes("vad/silero_vad_v5.onnx");
        mirror.serve(SILERO_PATH, silero);

        assertThat(run("models", "pull", "silero-vad")).as(err()).isZero();

        Path installed = dir.resolve("models/vad/silero_vad.onnx");
        assertThat(Files.readAllBytes(installed)).isEqualTo(silero);
        assertThat(out()).doesNotContain("\r");
        assertThat(line("Pulling silero-vad")).contains("2.2 MiB, 1 file").contains("from " + mirror.base());
        assertThat(line("100%")).contains("2.2 MiB / 2.2 MiB").contains("silero_vad.onnx");
        assertThat(out()).contains("Saved silero-vad, checked against its published checksum:\n  " + installed.toAbsolutePath());
        assertThat(mirror.requests(SILERO_PATH)).hasSize(1);

        assertThat(run("models", "list")).isZero();
        assertThat(line("silero-vad *")).endsWith("verified");

        assertThat(run("models", "verify")).isZero();
        assertThat(out()).contains("ok        silero-vad  vad/silero_vad.onnx  sha256:" + Fixtures.sha256("vad/silero_vad_v5.onnx"))
                .contains("All files match");

        byte[] damaged = silero.clone();
        damaged[1000] ^= 1;
        Files.write(installed, damaged);
        assertThat(run("models", "verify", "silero-vad")).isEqualTo(1);
        assertThat(line("MISMATCH  silero-vad")).contains("expected " + Fixtures.sha256("vad/silero_vad_v5.onnx"));
        assertThat(err()).contains("1 file is missing or damaged");

        // Pulling again replaces the damaged file.
        assertThat(run("models", "pull", "silero-vad")).isZero();
        assertThat(Files.readAllBytes(installed)).isEqualTo(silero);
    }

    @Test
    void onATerminalTheProgressBarIsRedrawnInPlace() {
        mirror.serve(SILERO_PATH, Fixtures.bytes("vad/silero_vad_v5.onnx"));

        assertThat(run(true, "models", "pull", "silero-vad")).isZero();

        assertThat(out()).contains("\r[########################] 100%  2.2 MiB / 2.2 MiB").contains("\u001b[K");
    }

    @Test
    void anUnknownNameExitsWith2AndSuggestsCloseNames() {
        assertThat(run("models", "pull", "whisper-bsae")).isEqualTo(2);
        assertThat(err()).contains("unknown model 'whisper-bsae'; did you mean: whisper-base")
                .contains("./vtuber models list shows every name.");
        assertThat(mirror.requestCount()).isZero();

        assertThat(run("models", "verify", "amy")).isEqualTo(2);
        assertThat(err()).contains("did you mean: en_US-amy");
    }

    @Test
    void aFailedPullExitsWith1AndSaysWhy() {
        assertThat(run("models", "pull", "whisper-tiny")).isEqualTo(1);

        assertThat(err()).contains("error: pull of whisper-tiny failed: " + mirror.base()
                + "/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin was not found (HTTP 404)");
        assertThat(dir.resolve("models/whisper")).isEmptyDirectory();
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("models")).isEqualTo(2);
        assertThat(err()).contains("usage: ./vtuber models list");
        assertThat(run("models", "pull")).isEqualTo(2);
        assertThat(run("models", "dance")).isEqualTo(2);
        assertThat(err()).contains("unknown models command 'dance'");
        assertThat(run("models", "verify")).isZero();
        assertThat(out()).contains("No catalog models are installed");
    }
}
