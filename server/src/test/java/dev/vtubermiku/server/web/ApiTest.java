package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every system endpoint over real HTTP against the real backend, good input and bad. */
class ApiTest {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final String SECRET_KEY = "sk-or-v1-test-secret-0123456789";

    @TempDir
    static Path dir;

    static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(dir, Map.of("OPENROUTER_API_KEY", SECRET_KEY, "LLM_BASE_URL", "http://127.0.0.1:9/v1"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode body = json(response);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("type").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void healthReportsLivenessAndEveryService() throws Exception {
        HttpResponse<String> response = backend.get("/api/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("ready").asBoolean()).isTrue();
        List<String> names = new ArrayList<>();
        body.path("services").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("db", "llm", "stt", "tts", "vad", "trainer");
        assertThat(body.path("services").path("db").asText()).isEqualTo("ok");
    }

    @Test
    void statusGivesEachServiceWithDetailAndFixAndTheHostFigures() throws Exception {
        JsonNode body = json(backend.get("/api/status"));
        assertThat(body.path("services")).hasSize(6);
        for (JsonNode service : body.path("services")) {
            assertThat(service.path("detail").asText()).as(service.toString()).isNotBlank();
            if (!service.path("state").asText().equals("ok") && !service.path("state").asText().equals("starting")) {
                assertThat(service.path("fix").asText()).as(service.toString()).isNotBlank();
            }
        }
        JsonNode tts = find(body.path("services"), "tts");
        assertThat(tts.path("state").asText()).isEqualTo("unavailable");
        assertThat(tts.path("fix").asText()).contains("./vtuber models pull en_US-amy-medium");
        JsonNode system = body.path("system");
        assertThat(system.path("process_rss").asLong()).isGreaterThan(10_000_000L);
        assertThat(system.path("memory_total").asLong()).isGreaterThan(system.path("memory_available").asLong());
        assertThat(system.path("disk_free").asLong()).isPositive();
        assertThat(system.path("cpu_cores").asInt()).isPositive();
        assertThat(body.path("uptime_s").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(body.path("events").has("published")).isTrue();
        assertThat(body.path("events").has("last_id")).isTrue();
    }

    @Test
    void aServiceChangeIsPublishedAsSystemStatus() throws Exception {
        long before = backend.app().bus().lastStoredId();
        Path voice = Path.of(backend.app().database().file().getParent().toString(), "models", "piper", "en_US-amy-medium.onnx");
        Files.createDirectories(voice.getParent());
        Files.writeString(voice, "not a real model");
        Files.writeString(voice.resolveSibling("en_US-amy-medium.onnx.json"), "{}");
        try {
            JsonNode tts = null;
            for (int i = 0; i < 100 && tts == null; i++) {
                for (JsonNode event : json(backend.get("/api/events?type=system.status&since=" + before)).path("events")) {
                    JsonNode candidate = find(event.path("data").path("services"), "tts");
                    // The broken voice is found and tried: loading, then failed with the reason.
                    if (candidate != null && candidate.path("detail").asText().contains("could not be loaded")) {
                        tts = candidate;
                    }
                }
                Thread.sleep(100);
            }
            assertThat(tts).as("system.status after the voice appeared").isNotNull();
        } finally {
            Files.delete(voice);
            Files.delete(voice.resolveSibling("en_US-amy-medium.onnx.json"));
        }
    }

    private static JsonNode find(JsonNode services, String name) {
        for (JsonNode s : services) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return null;
    }

    @Test
    void configListsEveryKeyWithSourceAndMasksSecrets() throws Exception {
        HttpResponse<String> response = backend.get("/api/config");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(SECRET_KEY);
        JsonNode entries = json(response).path("entries");
        assertThat(entries).hasSizeGreaterThanOrEqualTo(20);
        JsonNode key = entryNamed(entries, "OPENROUTER_API_KEY");
        assertThat(key.path("secret").asBoolean()).isTrue();
        assertThat(key.path("value").asText()).contains("****");
        assertThat(key.path("source").asText()).isEqualTo("environment");
        JsonNode model = entryNamed(entries, "WHISPER_MODEL");
        assertThat(model.path("source").asText()).isEqualTo("default");
        assertThat(model.path("value").asText()).isEqualTo("base");
        assertThat(entryNamed(entries, "API_PORT").path("runtime").asBoolean()).isFalse();
        assertThat(entryNamed(entries, "LOG_LEVEL").path("runtime").asBoolean()).isTrue();
    }

    private static JsonNode entryNamed(JsonNode entries, String key) {
        for (JsonNode e : entries) {
            if (e.path("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no config entry " + key);
    }

    @Test
    void postingConfigAppliesRuntimeKeysSavesToDotEnvAndNamesThoseThatNeedARestart() throws Exception {
        HttpResponse<String> response = backend.post("/api/config",
                "{\"log_level\": \"WARN\", \"OPENROUTER_MODEL\": \"meta/llama-3.1-8b\", \"SAMPLE_RATE\": 48000}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("applied").toString()).contains("LOG_LEVEL", "OPENROUTER_MODEL");
        assertThat(body.path("restart_required").toString()).contains("SAMPLE_RATE");
        String dotEnv = Files.readString(dir.resolve(".env"));
        assertThat(dotEnv).contains("LOG_LEVEL=WARN", "OPENROUTER_MODEL=meta/llama-3.1-8b", "SAMPLE_RATE=48000");

        JsonNode entries = json(backend.get("/api/config")).path("entries");
        assertThat(entryNamed(entries, "OPENROUTER_MODEL").path("value").asText()).isEqualTo("meta/llama-3.1-8b");
        assertThat(entryNamed(entries, "OPENROUTER_MODEL").path("source").asText()).isEqualTo("runtime");
        assertThat(entryNamed(entries, "SAMPLE_RATE").path("value").asText()).isEqualTo("16000");
        assertThat(LoggerFactory.getLogger("dev.vtubermiku.test").isInfoEnabled()).isFalse();

        HttpResponse<String> reset = backend.post("/api/config", "{\"LOG_LEVEL\": \"INFO\", \"SAMPLE_RATE\": null}");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(LoggerFactory.getLogger("dev.vtubermiku.test").isInfoEnabled()).isTrue();
        assertThat(Files.readString(dir.resolve(".env"))).doesNotContain("SAMPLE_RATE");
    }

    @Test
    void invalidConfigIsRefusedWholeWithTheKeyNamed() throws Exception {
        String before = Files.exists(dir.resolve(".env")) ? Files.readString(dir.resolve(".env")) : "";
        HttpResponse<String> unknown = backend.post("/api/config", "{\"LOG_LEVEL\": \"INFO\", \"NOT_A_KEY\": 1}");
        assertProblem(unknown, 400);
        assertThat(json(unknown).path("errors").get(0).path("field").asText()).isEqualTo("NOT_A_KEY");

        HttpResponse<String> invalid = backend.post("/api/config", "{\"LOG_LEVEL\": \"LOUD\", \"API_PORT\": \"abc\"}");
        assertProblem(invalid, 400);
        assertThat(json(invalid).path("errors").toString()).contains("LOG_LEVEL", "API_PORT");

        HttpResponse<String> openHost = backend.post("/api/config", "{\"API_HOST\": \"0.0.0.0\"}");
        assertProblem(openHost, 400);
        assertThat(json(openHost).path("detail").asText()).contains("API_HOST", "API_TOKEN");

        // The data key changes with the store (./vtuber data ...), never through a saved config value.
        HttpResponse<String> dataKey = backend.post("/api/config", "{\"DATA_KEY\": \"a-long-enough-passphrase\"}");
        assertProblem(dataKey, 400);
        assertThat(json(dataKey).path("detail").asText()).contains("DATA_KEY", "./vtuber data").doesNotContain("a-long-enough-passphrase");
        assertProblem(backend.post("/api/config", "{\"DATA_KEY_FILE\": \"/tmp/key\"}"), 400);

        assertProblem(backend.post("/api/config", "{\"LOG_LEVEL\": [\"INFO\"]}"), 400);
        assertProblem(backend.post("/api/config", "{}"), 400);
        assertProblem(backend.post("/api/config", "[1, 2]"), 400);
        assertProblem(backend.post("/api/config", ""), 400);
        assertProblem(backend.post("/api/config", "{\"LOG_LEVEL\": "), 400);
        assertThat(json(backend.post("/api/config", "{\"LOG_LEVEL\" \"INFO\"}")).path("type").asText())
                .isEqualTo("urn:vtubermiku:problem:invalid-json");
        String after = Files.exists(dir.resolve(".env")) ? Files.readString(dir.resolve(".env")) : "";
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        String big = "{\"LOG_LEVEL\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(backend.post("/api/config", big), 413);
    }

    @Test
    void eventsCanBeReadAfterAnIdByTypePatternAndInPages() throws Exception {
        var bus = backend.app().bus();
        long start = bus.lastStoredId();
        for (int i = 0; i < 5; i++) {
            bus.publish("test.alpha", Severity.INFO, "alpha " + i, Map.of("i", i));
            bus.publish("test.beta", Severity.WARNING, "beta " + i, Map.of("i", i));
        }
        JsonNode page = json(backend.get("/api/events?since=" + start + "&type=test.alpha&limit=3"));
        assertThat(page.path("events")).hasSize(3);
        assertThat(page.path("more").asBoolean()).isTrue();
        List<String> messages = new ArrayList<>();
        page.path("events").forEach(e -> messages.add(e.path("message").asText()));
        assertThat(messages).containsExactly("alpha 0", "alpha 1", "alpha 2");
        JsonNode first = page.path("events").get(0);
        assertThat(first.path("type").asText()).isEqualTo("test.alpha");
        assertThat(first.path("severity").asText()).isEqualTo("info");
        assertThat(first.path("data").path("i").asInt()).isZero();
        assertThat(first.path("timestamp").asText()).endsWith("Z");

        JsonNode rest = json(backend.get("/api/events?since=" + page.path("last_id").asLong() + "&type=test.alpha"));
        assertThat(rest.path("events")).hasSize(2);
        assertThat(rest.path("more").asBoolean()).isFalse();

        JsonNode both = json(backend.get("/api/events?since=" + start + "&type=test.*&limit=1000"));
        assertThat(both.path("events")).hasSize(10);
        JsonNode beta = json(backend.get("/api/events?since=" + start + "&type=*.beta"));
        assertThat(beta.path("events")).hasSize(5);
        assertThat(beta.path("events").get(0).path("severity").asText()).isEqualTo("warning");
    }

    @Test
    void badEventQueriesAre400() throws Exception {
        assertProblem(backend.get("/api/events?since=abc"), 400);
        assertProblem(backend.get("/api/events?since=-1"), 400);
        assertProblem(backend.get("/api/events?limit=0"), 400);
        assertProblem(backend.get("/api/events?limit=100000"), 400);
        HttpResponse<String> badType = backend.get("/api/events?type=Chat!");
        assertProblem(badType, 400);
        assertThat(json(badType).path("errors").get(0).path("field").asText()).isEqualTo("type");
    }

    @Test
    void logsComeFromTheRingFilteredByLevelAndTextWithSecretsMasked() throws Exception {
        var log = LoggerFactory.getLogger("dev.vtubermiku.test.ApiTest");
        log.warn("needle-warning for the filter test, key {}", SECRET_KEY);
        log.info("needle-info for the filter test");
        JsonNode all = json(backend.get("/api/logs?q=NEEDLE"));
        assertThat(all.path("entries")).hasSize(2);
        JsonNode warnings = json(backend.get("/api/logs?q=needle&level=WARN"));
        assertThat(warnings.path("entries")).hasSize(1);
        JsonNode entry = warnings.path("entries").get(0);
        assertThat(entry.path("level").asText()).isEqualTo("WARN");
        assertThat(entry.path("logger").asText()).isEqualTo("dev.vtubermiku.test.ApiTest");
        assertThat(entry.path("message").asText()).contains("****").doesNotContain(SECRET_KEY);
        assertThat(json(backend.get("/api/logs?limit=1")).path("entries")).hasSize(1);
        assertProblem(backend.get("/api/logs?level=LOUD"), 400);
        assertProblem(backend.get("/api/logs?limit=x"), 400);
        assertThat(backend.get("/api/events?limit=1000").body()).doesNotContain(SECRET_KEY);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() throws Exception {
        assertProblem(backend.get("/api/nothing-here"), 404);
        assertProblem(backend.get("/nothing"), 404);
        assertProblem(backend.send(backend.request("/api/health").DELETE().build()), 405);
        assertProblem(backend.send(backend.request("/api/status")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 405);
    }

    @Test
    void requestsJettyRefusesBeforeRoutingAreProblemsToo() throws Exception {
        String badUri = RawHttp.exchange(backend.port(), "GET /api/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(badUri).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("\"status\":400");
        String hugeHeader = RawHttp.exchange(backend.port(), "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("application/problem+json").contains("\"status\":431");
    }

    @Test
    void openApiDescribesEveryRouteInSnakeCaseAndTheDocsPageServesIt() throws Exception {
        HttpResponse<String> response = backend.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode spec = json(response);
        assertThat(spec.path("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        spec.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/health", "/api/status", "/api/config", "/api/events", "/api/logs");
        assertThat(spec.path("paths").path("/api/config").has("post")).isTrue();
        JsonNode status = spec.path("components").path("schemas").path("StatusResponse").path("properties");
        assertThat(status.has("uptime_s")).isTrue();
        assertThat(status.has("uptimeS")).isFalse();
        JsonNode post = spec.path("paths").path("/api/config").path("post");
        assertThat(post.path("requestBody").path("content").has("application/json")).isTrue();
        assertThat(post.has("security")).isFalse();
        assertThat(spec.path("security").toString()).contains("BearerAuth");
        assertThat(spec.path("components").path("securitySchemes").path("BearerAuth").path("scheme").asText()).isEqualTo("bearer");
        HttpResponse<String> docs = backend.get("/docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).containsIgnoringCase("swagger").contains("/openapi.json");
    }

    @Test
    void browserOriginsAreLoopbackOnlyAndPreflightsAnswered() throws Exception {
        HttpResponse<String> local = backend.get("/api/health", "Origin", "http://localhost:5173");
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");

        HttpResponse<String> preflight = backend.send(backend.request("/api/config",
                        "Origin", "http://127.0.0.1:3000", "Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                m -> assertThat(m).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                h -> assertThat(h).contains("Authorization"));

        HttpResponse<String> evil = backend.post("/api/config", "{\"LOG_LEVEL\": \"DEBUG\"}", "Origin", "https://evil.example");
        assertProblem(evil, 403);
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsA500WithAnErrorIdAndNoStackTrace() throws Exception {
        try (TestBackend broken = TestBackend.start(dir.resolve("broken"), Map.of())) {
            broken.app().database().close();
            HttpResponse<String> response = broken.get("/api/events");
            assertProblem(response, 500);
            String errorId = json(response).path("error_id").asText();
            assertThat(errorId).matches("[0-9a-f-]{36}");
            assertThat(json(response).path("detail").asText()).contains(errorId);
            assertThat(response.body()).doesNotContain("SQL").doesNotContain("Hikari");
            JsonNode logged = json(backend.get("/api/logs?q=" + errorId));
            assertThat(logged.path("entries")).isNotEmpty();
            assertThat(logged.path("entries").get(0).path("error").asText()).isNotBlank();
        }
    }
}
