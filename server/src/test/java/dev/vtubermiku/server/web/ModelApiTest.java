package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.models.FileServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/models and the asynchronous pull over real HTTP and WebSocket, downloading the real
 * Silero VAD (the fixture is byte for byte the catalog's file) from a local mirror.
 */
class ModelApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SILERO_PATH = "/snakers4/silero-vad/v5.1.2/src/silero_vad/data/silero_vad.onnx";

    @TempDir
    static Path dir;

    static FileServer mirror;
    static TestBackend backend;

    @BeforeAll
    static void start() throws Exception {
        mirror = new FileServer();
        backend = TestBackend.start(dir, Map.of("MODEL_MIRROR", mirror.base().toString()));
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
        if (mirror != null) {
            mirror.close();
        }
    }

    private static JsonNode model(String name) throws Exception {
        HttpResponse<String> response = backend.get("/api/models");
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode m : ApiTest.json(response).path("models")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name + " not in /api/models");
    }

    @Test
    void theCatalogIsListedWithFilesChecksumsAndState() throws Exception {
        JsonNode body = ApiTest.json(backend.get("/api/models"));
        assertThat(body.path("mirror").asText()).isEqualTo(mirror.base().toString());
        assertThat(body.path("models_dir").asText()).isEqualTo(dir.resolve("models").toAbsolutePath().toString());
        assertThat(body.path("models").size()).isGreaterThan(20);

        JsonNode amy = model("en_US-amy-medium");
        assertThat(amy.path("kind").asText()).isEqualTo("piper");
        assertThat(amy.path("is_default").asBoolean()).isTrue();
        assertThat(amy.path("state").asText()).isEqualTo("missing");
        assertThat(amy.path("size_bytes").asLong()).isEqualTo(63_201_294L + 4_882L);
        assertThat(amy.path("checksum_source").asText()).contains("md5");
        assertThat(amy.path("files")).hasSize(2);
        JsonNode onnx = amy.path("files").get(0);
        assertThat(onnx.path("path").asText()).isEqualTo("piper/en_US-amy-medium.onnx");
        assertThat(onnx.path("url").asText())
                .isEqualTo("https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/amy/medium/en_US-amy-medium.onnx");
        assertThat(onnx.path("checksum_algorithm").asText()).isEqualTo("md5");
        assertThat(onnx.path("checksum").asText()).hasSize(32);
        assertThat(amy.has("pull")).isFalse();
        assertThat(model("whisper-base.en").path("files").get(0).path("checksum_algorithm").asText()).isEqualTo("sha256");
    }

    @Test
    void aPullAnswers202AtOnceJoinsAndReportsProgressThenSaved() throws Exception {
        mirror.serve(SILERO_PATH, Fixtures.bytes("vad/silero_vad_v5.onnx"));
        try (WsClient ws = new WsClient(backend.ws("/ws"))) {
            ws.send("{\"type\":\"subscribe\",\"topics\":[\"model.*\"]}");
            ws.next(WsClient.type("subscribed"), WAIT);
            mirror.hold();
            JsonNode first;
            JsonNode second;
            try {
                HttpResponse<String> response = backend.post("/api/models/silero-vad/pull", "");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                first = ApiTest.json(response);
                second = ApiTest.json(backend.post("/api/models/SILERO-VAD/pull", ""));
                JsonNode listed = model("silero-vad");
                assertThat(listed.path("pull").path("job_id").asText()).isEqualTo(first.path("job_id").asText());
                assertThat(listed.path("pull").path("state").asText()).isEqualTo("running");
            } finally {
                mirror.release();
            }
            assertThat(first.path("state").asText()).isEqualTo("running");
            assertThat(first.path("joined").asBoolean()).isFalse();
            assertThat(first.path("bytes_total").asLong()).isEqualTo(2_327_524L);
            assertThat(second.path("job_id").asText()).isEqualTo(first.path("job_id").asText());
            assertThat(second.path("joined").asBoolean()).isTrue();

            List<JsonNode> progress = new ArrayList<>();
            JsonNode saved = ws.next(m -> {
                if (m.path("type").asText().equals("model.progress")) {
                    progress.add(m);
                }
                return m.path("type").asText().equals("model.saved");
            }, WAIT);
            assertThat(progress).isNotEmpty();
            assertThat(progress).allSatisfy(p -> {
                assertThat(p.path("data").path("job_id").asText()).isEqualTo(first.path("job_id").asText());
                assertThat(p.path("id").isNull() || p.path("id").isMissingNode()).isTrue(); // not stored
            });
            assertThat(saved.path("data").path("name").asText()).isEqualTo("silero-vad");
            assertThat(saved.path("data").path("bytes_done").asLong()).isEqualTo(2_327_524L);
            assertThat(saved.path("data").path("files").get(0).asText())
                    .isEqualTo(dir.resolve("models/vad/silero_vad.onnx").toString());
        }
        assertThat(mirror.requests(SILERO_PATH)).hasSize(1);
        assertThat(Files.readAllBytes(dir.resolve("models/vad/silero_vad.onnx"))).isEqualTo(Fixtures.bytes("vad/silero_vad_v5.onnx"));
        JsonNode listed = model("silero-vad");
        assertThat(listed.path("state").asText()).isEqualTo("verified");
        assertThat(listed.path("installed_bytes").asLong()).isEqualTo(2_327_524L);
        assertThat(listed.has("pull")).isFalse();

        JsonNode stored = ApiTest.json(backend.get("/api/events?since=0&type=model.*"));
        assertThat(stored.path("events")).extracting(e -> e.path("type").asText()).contains("model.saved")
                .doesNotContain("model.progress");
        // The engine that uses the model loads it without waiting for its next check, and status says so.
        JsonNode vad = null;
        for (int i = 0; i < 100; i++) {
            for (JsonNode s : ApiTest.json(backend.get("/api/status")).path("services")) {
                if (s.path("name").asText().equals("vad") && s.path("state").asText().equals("ok")
                        && s.path("detail").asText().contains("Silero VAD loaded")) {
                    vad = s;
                }
            }
            if (vad != null) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(vad).as("vad status after the pull").isNotNull();
    }

    @Test
    void aFailedPullIsAModelFailedEventWithTheReason() throws Exception {
        try (WsClient ws = new WsClient(backend.ws("/ws"))) {
            ws.send("{\"type\":\"subscribe\",\"topics\":[\"model.failed\"]}");
            ws.next(WsClient.type("subscribed"), WAIT);

            JsonNode pull = ApiTest.json(backend.post("/api/models/whisper-tiny.en-q5_1/pull", ""));

            JsonNode failed = ws.next(WsClient.type("model.failed"), WAIT);
            assertThat(failed.path("severity").asText()).isEqualTo("error");
            assertThat(failed.path("data").path("job_id").asText()).isEqualTo(pull.path("job_id").asText());
            assertThat(failed.path("data").path("reason").asText()).isEqualTo("not_found");
            assertThat(failed.path("data").path("error").asText())
                    .isEqualTo(mirror.base() + "/ggerganov/whisper.cpp/resolve/main/ggml-tiny.en-q5_1.bin was not found"
                            + " (HTTP 404); check MODEL_MIRROR if it is set, otherwise the file has moved upstream");
        }
        assertThat(dir.resolve("models/whisper/ggml-tiny.en-q5_1.bin")).doesNotExist();
        assertThat(dir.resolve("models/whisper/ggml-tiny.en-q5_1.bin.part")).doesNotExist();
        assertThat(model("whisper-tiny.en-q5_1").path("state").asText()).isEqualTo("missing");
    }

    @Test
    void anUnknownNameIs404WithCloseNames() throws Exception {
        HttpResponse<String> response = backend.post("/api/models/whisper-bsae/pull", "");
        ApiTest.assertProblem(response, 404);
        JsonNode problem = ApiTest.json(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:vtubermiku:problem:unknown-model");
        assertThat(problem.path("detail").asText()).contains("'whisper-bsae'").contains("whisper-base");
        ApiTest.assertProblem(backend.get("/api/models/silero-vad/pull"), 405);
    }
}
