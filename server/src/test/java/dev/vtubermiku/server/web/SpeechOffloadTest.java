package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two backends: the first has the fixture voice and Whisper model and serves /v1; the second has no
 * model of its own and TTS_BASE_URL / STT_BASE_URL pointing at the first, so everything it says or
 * hears went through the first. Then the first goes away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpeechOffloadTest {

    private static final String TOKEN = "gpu-box-token-98765";

    static Path dirs;
    static TestBackend gpuBox;
    static TestBackend streamer;

    @BeforeAll
    static void start() throws Exception {
        Path fixtures = Fixtures.dir();
        dirs = Files.createTempDirectory("speech-offload");
        Files.createDirectories(dirs.resolve("gpu"));
        Files.createDirectories(dirs.resolve("streamer"));
        gpuBox = TestBackend.start(dirs.resolve("gpu"), Map.of(
                "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString(),
                "WHISPER_MODEL_PATH", fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin").toString(),
                "API_TOKEN", TOKEN));
        String v1 = "http://127.0.0.1:" + gpuBox.port() + "/v1";
        Map<String, String> env = new HashMap<>();
        env.put("TTS_BASE_URL", v1);
        env.put("TTS_API_KEY", TOKEN);
        env.put("TTS_VOICE", "alloy");
        env.put("STT_BASE_URL", v1);
        env.put("STT_API_KEY", TOKEN);
        streamer = TestBackend.start(dirs.resolve("streamer"), env);
    }

    @AfterAll
    static void stop() {
        if (streamer != null) {
            streamer.close();
        }
        if (gpuBox != null) {
            gpuBox.close();
        }
    }

    static HttpResponse<byte[]> tts(String text) {
        return OpenAiSpeechApiTest.send(streamer.request("/api/tts").timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build());
    }

    static JsonNode service(TestBackend backend, String name) throws Exception {
        for (JsonNode s : ApiTest.json(backend.get("/api/status")).get("services")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name);
    }

    @Test
    @Order(1)
    void sheSpeaksThroughTheOtherMachine() throws Exception {
        HttpResponse<byte[]> wav = tts("Hello through the other machine. And a second sentence.");
        assertThat(wav.statusCode()).as(new String(wav.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        ByteBuffer b = ByteBuffer.wrap(wav.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(24)).as("OpenAI's pcm rate, not the local voice's 22050").isEqualTo(24000);
        assertThat(b.getInt(40)).isGreaterThan(24000 * 2); // more than a second of speech

        JsonNode tts = service(streamer, "tts");
        assertThat(tts.get("state").asText()).isEqualTo("ok");
        assertThat(tts.get("detail").asText()).contains("remote http://127.0.0.1:" + gpuBox.port() + "/v1").doesNotContain(TOKEN);
    }

    @Test
    @Order(2)
    void spokenChatRepliesComeFromTheOtherMachine() throws Exception {
        HttpResponse<String> chat = streamer.post("/api/chat", "{\"message\":\"Say something\",\"speak\":true}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        String url = ApiTest.json(chat).path("audio_url").asText();
        assertThat(url).startsWith("/api/audio/chat/");
        HttpResponse<byte[]> audio = OpenAiSpeechApiTest.send(streamer.request(url).GET().build());
        assertThat(ByteBuffer.wrap(audio.body()).order(ByteOrder.LITTLE_ENDIAN).getInt(24)).isEqualTo(24000);
    }

    @Test
    @Order(3)
    void sheHearsThroughTheOtherMachine() throws Exception {
        HttpResponse<String> stt = SpeechApiTest.stt(streamer, "jfk.wav", Fixtures.bytes("audio/jfk.wav"));
        assertThat(stt.statusCode()).as(stt.body()).isEqualTo(200);
        JsonNode t = ApiTest.json(stt);
        assertThat(t.get("duration").asDouble()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(t.get("language").asText()).isEqualTo("en");
        assertThat(service(streamer, "stt").get("detail").asText()).contains("remote http://127.0.0.1:" + gpuBox.port());
    }

    @Test
    @Order(4)
    void whenTheOtherMachineGoesAwayStatusAndAnEventSaySoAndNoLocalEngineMeans503() throws Exception {
        gpuBox.close();
        gpuBox = null;
        HttpResponse<byte[]> wav = tts("Is anyone there?");
        assertThat(wav.statusCode()).isEqualTo(503);
        String problem = new String(wav.body(), StandardCharsets.UTF_8);
        assertThat(problem).contains("unreachable").doesNotContain(TOKEN);

        HttpResponse<String> stt = SpeechApiTest.stt(streamer, "jfk.wav", Fixtures.bytes("audio/jfk.wav"));
        assertThat(stt.statusCode()).isEqualTo(503);
        assertThat(stt.body()).contains("remote").doesNotContain(TOKEN);

        JsonNode events = ApiTest.json(streamer.get("/api/events?since=0&type=error.occurred&limit=100")).get("events");
        assertThat(events.findValues("data")).anySatisfy(d -> {
            assertThat(d.path("source").asText()).isEqualTo("tts");
            assertThat(d.path("fallback").asText()).isEqualTo("none");
        });
        assertThat(events.toString()).doesNotContain(TOKEN);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode tts = service(streamer, "tts");
        while (!tts.get("state").asText().equals("unavailable") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            tts = service(streamer, "tts");
        }
        assertThat(tts.get("state").asText()).isEqualTo("unavailable");
        assertThat(tts.get("detail").asText()).contains("remote").doesNotContain(TOKEN);
    }
}
