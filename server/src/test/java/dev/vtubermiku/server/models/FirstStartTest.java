package dev.vtubermiku.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.App;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first start on a machine with no models: the backend fetches the default voice, Whisper model
 * and VAD by itself from a mirror (a real HTTP server on loopback serving the fixtures under the
 * upstream paths, described by a test catalog) and uses them without a restart.
 */
class FirstStartTest {

    private static final String VOICE = "piper/test_voice.onnx";
    private static final String VOICE_JSON = "piper/test_voice.onnx.json";
    private static final String WHISPER = "whisper/for-tests-ggml-tiny.en.bin";
    private static final String VAD = "vad/silero_vad_v5.onnx";
    private static final String HF = "https://huggingface.co";
    private static final String VOICE_PATH = "/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/amy/medium/en_US-amy-medium.onnx";
    private static final String WHISPER_PATH = "/ggerganov/whisper.cpp/resolve/main/ggml-base.bin";
    private static final String VAD_PATH = "/snakers4/silero-vad/v5.1.2/src/silero_vad/data/silero_vad.onnx";

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.newMapper();
    private FileServer mirror;
    private TestBackend backend;

    @BeforeEach
    void mirror() throws Exception {
        mirror = new FileServer()
                .serve(VOICE_PATH, Fixtures.bytes(VOICE))
                .serve(VOICE_PATH + ".json", Fixtures.bytes(VOICE_JSON))
                .serve(WHISPER_PATH, Fixtures.bytes(WHISPER))
                .serve(VAD_PATH, Fixtures.bytes(VAD));
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
        mirror.close();
    }

    /** The built-in catalog's three defaults, with the fixtures' sizes and checksums. */
    private static ModelCatalog catalog() {
        return new ModelCatalog(List.of(
                new ModelEntry("en_US-amy-medium", ModelKind.PIPER, "test voice", true, "fixtures",
                        List.of(file("en_US-amy-medium.onnx", HF + VOICE_PATH, VOICE),
                                file("en_US-amy-medium.onnx.json", HF + VOICE_PATH + ".json", VOICE_JSON))),
                new ModelEntry("whisper-base", ModelKind.WHISPER, "test whisper", true, "fixtures",
                        List.of(file("ggml-base.bin", HF + WHISPER_PATH, WHISPER))),
                new ModelEntry("silero-vad", ModelKind.VAD, "test vad", true, "fixtures",
                        List.of(file("silero_vad.onnx", "https://raw.githubusercontent.com" + VAD_PATH, VAD)))));
    }

    private static CatalogFile file(String name, String url, String fixture) {
        return new CatalogFile(name, URI.create(url), Fixtures.bytes(fixture).length,
                new Checksum(Checksum.Algorithm.SHA256, Fixtures.sha256(fixture)));
    }

    private TestBackend start(Map<String, String> env) {
        return TestBackend.start(dir, env, App.EngineWrappers.NONE, catalog());
    }

    private JsonNode status() throws Exception {
        return json.readTree(backend.get("/api/status").body());
    }

    private static JsonNode service(JsonNode status, String name) {
        for (JsonNode s : status.path("services")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in " + status);
    }

    private JsonNode awaitStatus(Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode status = status();
        while (!condition.test(status)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("status never got there: " + status.toPrettyString());
            }
            Thread.sleep(100);
            status = status();
        }
        return status;
    }

    @Test
    void aFirstStartFetchesTheThreeDefaultsAndUsesThemWithoutARestart() throws Exception {
        backend = start(Map.of("AUTO_PULL", "true", "MODEL_MIRROR", mirror.base().toString()));

        JsonNode status = awaitStatus(s -> service(s, "tts").path("state").asText().equals("ok")
                && service(s, "stt").path("state").asText().equals("ok")
                && service(s, "vad").path("state").asText().equals("ok")
                && s.path("downloads").isEmpty(), Duration.ofSeconds(60));

        assertThat(service(status, "tts").path("detail").asText()).contains("en_US-amy-medium");
        Path models = dir.resolve("models");
        assertThat(Files.readAllBytes(models.resolve("piper/en_US-amy-medium.onnx"))).isEqualTo(Fixtures.bytes(VOICE));
        assertThat(Files.readAllBytes(models.resolve("whisper/ggml-base.bin"))).isEqualTo(Fixtures.bytes(WHISPER));
        assertThat(Files.readAllBytes(models.resolve("vad/silero_vad.onnx"))).isEqualTo(Fixtures.bytes(VAD));
        // each file fetched once, from the mirror's copy of the upstream path; the voice first
        assertThat(mirror.requests(VOICE_PATH)).hasSize(1);
        assertThat(mirror.requests(WHISPER_PATH)).hasSize(1);
        assertThat(mirror.requests(VAD_PATH)).hasSize(1);
        // she speaks with the voice that arrived after start-up
        var speech = backend.post("/api/tts", "{\"text\":\"Hello there!\"}");
        assertThat(speech.statusCode()).isEqualTo(200);
        JsonNode saved = json.readTree(backend.get("/api/events?type=model.saved").body());
        assertThat(saved.toString()).contains("en_US-amy-medium", "whisper-base", "silero-vad");
    }

    @Test
    void withAutoPullOffNothingIsRequested() throws Exception {
        backend = start(Map.of("AUTO_PULL", "false", "MODEL_MIRROR", mirror.base().toString()));

        JsonNode status = awaitStatus(s -> !service(s, "tts").path("state").asText().equals("starting"), Duration.ofSeconds(20));
        Thread.sleep(500); // a pull would have asked by now
        assertThat(mirror.requestCount()).isZero();
        assertThat(status.path("downloads").isArray()).isTrue();
        assertThat(status.path("downloads")).isEmpty();
        assertThat(service(status, "tts").path("state").asText()).isEqualTo("unavailable");
        assertThat(service(status, "tts").path("fix").asText()).contains("./vtuber models pull en_US-amy-medium");
    }

    @Test
    void aMirrorThatFailsHalfWayLeavesNoFileUnderItsFinalNameAndSaysWhyAndHowToRetry() throws Exception {
        int half = Fixtures.bytes(VOICE).length / 8;
        mirror.dropAlwaysAfter(VOICE_PATH, half);

        backend = start(Map.of("AUTO_PULL", "true", "MODEL_MIRROR", mirror.base().toString()));

        JsonNode status = awaitStatus(s -> service(s, "tts").path("state").asText().equals("unavailable")
                && service(s, "tts").path("detail").asText().contains("failed"), Duration.ofSeconds(60));
        JsonNode tts = service(status, "tts");
        assertThat(tts.path("detail").asText()).startsWith("the download of en_US-amy-medium failed: ")
                .contains("connection");
        assertThat(tts.path("fix").asText()).contains("./vtuber models pull en_US-amy-medium");
        JsonNode download = status.path("downloads").get(0);
        assertThat(download.path("name").asText()).isEqualTo("en_US-amy-medium");
        assertThat(download.path("state").asText()).isEqualTo("failed");
        assertThat(download.path("error").asText()).isNotBlank();
        assertThat(download.path("progress").path("bytes_total").asLong()).isPositive();

        Path piper = dir.resolve("models/piper");
        assertThat(piper.resolve("en_US-amy-medium.onnx")).doesNotExist();
        assertThat(piper.resolve("en_US-amy-medium.onnx.json")).doesNotExist();
        assertThat(piper.resolve("en_US-amy-medium.onnx.part")).exists(); // kept, so a retry resumes
        // the backend runs on, and the models after the voice still came
        assertThat(backend.get("/api/health").statusCode()).isEqualTo(200);
        awaitStatus(s -> service(s, "stt").path("state").asText().equals("ok"), Duration.ofSeconds(30));
        assertThat(mirror.requests(VOICE_PATH)).hasSize(3); // the download policy's three attempts, each resuming
    }
}
