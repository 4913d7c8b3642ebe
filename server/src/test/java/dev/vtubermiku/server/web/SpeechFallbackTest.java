package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote speech server that misbehaves as real ones do, speaking OpenAI's protocol: one breaks off
 * in the middle of the audio, one echoes the caller's key back in its error. Her local engines stand in;
 * the key is never seen in a response, an event, status or the log.
 */
class SpeechFallbackTest {

    private static final String KEY = "sk-remote-secret-key-4242";

    static HttpServer remote;

    @BeforeAll
    static void startRemote() throws IOException {
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // /cut: promises a second of audio and stops after a tenth of it, closing the connection.
        remote.createContext("/cut/v1/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 48_000);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[4_800]);
            out.flush();
            exchange.close();
        });
        // /echo: refuses the key and quotes it back, as some servers do.
        remote.createContext("/echo/v1/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            reply(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + auth
                    + ". You can find your API key at https://example.invalid.\",\"type\":\"invalid_request_error\","
                    + "\"param\":null,\"code\":\"invalid_api_key\"}}");
        });
        remote.start();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    static void stopRemote() {
        if (remote != null) {
            remote.stop(0);
        }
    }

    static String base(String behaviour) {
        return "http://127.0.0.1:" + remote.getAddress().getPort() + "/" + behaviour + "/v1";
    }

    static TestBackend backend(Path dir, String behaviour, boolean localModels) {
        Map<String, String> env = new HashMap<>();
        env.put("TTS_BASE_URL", base(behaviour));
        env.put("TTS_API_KEY", KEY);
        env.put("STT_BASE_URL", base(behaviour));
        env.put("STT_API_KEY", KEY);
        if (localModels) {
            env.put("PIPER_MODEL_PATH", Fixtures.file("piper/test_voice.onnx").toString());
            env.put("WHISPER_MODEL_PATH", Fixtures.file("whisper/for-tests-ggml-tiny.en.bin").toString());
        }
        return TestBackend.start(dir, env);
    }

    static HttpResponse<byte[]> tts(TestBackend backend, String text) {
        return OpenAiSpeechApiTest.send(backend.request("/api/tts").timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build());
    }

    static JsonNode awaitState(TestBackend backend, String service, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s = SpeechOffloadTest.service(backend, service);
        while (!s.get("state").asText().equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = SpeechOffloadTest.service(backend, service);
        }
        assertThat(s.get("state").asText()).as(s.toString()).isEqualTo(state);
        return s;
    }

    @Test
    void aRemoteThatBreaksOffMidStreamIsReplacedByTheLocalVoice(@TempDir Path dir) throws Exception {
        Fixtures.dir();
        try (TestBackend backend = backend(dir, "cut", true)) {
            HttpResponse<byte[]> wav = tts(backend, "She keeps talking when the other machine fails.");
            assertThat(wav.statusCode()).as(new String(wav.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            ByteBuffer b = ByteBuffer.wrap(wav.body()).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getInt(24)).as("the local voice, not a cut-off remote piece").isEqualTo(22050);
            assertThat(b.getInt(40)).isGreaterThan(22050);

            JsonNode tts = awaitState(backend, "tts", "degraded");
            assertThat(tts.get("detail").asText()).contains("broke off").contains("the local Piper stands in");
            JsonNode events = ApiTest.json(backend.get("/api/events?since=0&type=error.occurred&limit=100")).get("events");
            assertThat(events.findValues("data")).anySatisfy(d -> {
                assertThat(d.path("source").asText()).isEqualTo("tts");
                assertThat(d.path("fallback").asText()).isEqualTo("local");
                assertThat(d.path("error").asText()).contains("broke off");
            });
        }
    }

    @Test
    void anEchoedKeyIsMaskedEverywhereWhileTheLocalEnginesStandIn(@TempDir Path dir) throws Exception {
        Fixtures.dir();
        try (TestBackend backend = backend(dir, "echo", true)) {
            assertThat(tts(backend, "Masked, please.").statusCode()).isEqualTo(200);
            HttpResponse<String> stt = SpeechApiTest.stt(backend, "jfk.wav", Fixtures.bytes("audio/jfk.wav"));
            assertThat(stt.statusCode()).as(stt.body()).isEqualTo(200);
            awaitState(backend, "tts", "degraded");
            JsonNode sttStatus = awaitState(backend, "stt", "degraded");
            assertThat(sttStatus.get("detail").asText()).contains("401").contains("Incorrect API key provided");
            assertNoKey(backend);
        }
    }

    @Test
    void anEchoedKeyStaysOutOfTheProblemWhenNothingCanStandIn(@TempDir Path dir) throws Exception {
        try (TestBackend backend = backend(dir, "echo", false)) {
            HttpResponse<byte[]> wav = tts(backend, "Nobody to speak.");
            assertThat(wav.statusCode()).isEqualTo(503);
            assertThat(new String(wav.body(), StandardCharsets.UTF_8)).contains("Incorrect API key provided").contains("****");
            HttpResponse<String> stt = SpeechApiTest.stt(backend, "a.wav", SpeechApiTest.wav(16000, 1, 16, 1.0));
            assertThat(stt.statusCode()).isEqualTo(503);
            assertThat(stt.body()).contains("Incorrect API key provided");
            assertNoKey(backend);
        }
    }

    private static void assertNoKey(TestBackend backend) {
        for (String path : new String[] {"/api/events?since=0&limit=1000", "/api/status", "/api/config", "/api/logs?q=API"}) {
            assertThat(backend.get(path).body()).as(path).doesNotContain(KEY).doesNotContain("sk-remote-secret");
        }
    }
}
