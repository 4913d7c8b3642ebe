package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/tts, /api/voices and /api/stt over real HTTP with the real engines and the fixture models. */
class SpeechApiTest {

    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    static Path dir;

    static TestBackend backend;
    static Path fixtures;


    @BeforeAll
    static void start() {
        fixtures = Fixtures.dir();
        backend = TestBackend.start(dir, Map.of(
                "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString(),
                "WHISPER_MODEL_PATH", fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin").toString(),
                "VAD_MODEL_PATH", fixtures.resolve("vad/silero_vad_v5.onnx").toString(),
                "STT_MAX_SECONDS", "600",
                "LLM_BASE_URL", "http://127.0.0.1:9/v1"));
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    static HttpResponse<byte[]> tts(TestBackend backend, String body) {
        try {
            return HttpClient.newHttpClient().send(backend.request("/api/tts").timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> stt(TestBackend backend, String filename, byte[] audio, String... fields) {
        String boundary = "----vtuber" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(audio);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return backend.send(backend.request("/api/stt").timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    static byte[] wav(int rate, int channels, int bits, double seconds) {
        long frames = (long) (rate * seconds);
        int bytes = (int) (frames * channels * bits / 8);
        ByteBuffer b = ByteBuffer.allocate(44 + bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + bytes).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits).put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(bytes);
        return b.array();
    }

    @Test
    void ttsReturnsAWavOfTheVoiceThatGrowsWithTheText() throws Exception {
        HttpResponse<byte[]> one = tts(backend, "{\"text\":\"Hello.\"}");
        HttpResponse<byte[]> two = tts(backend, "{\"text\":\"Hello. This is a second sentence.\"}");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(one.headers().firstValue("X-Voice")).hasValue("test_voice");
        ByteBuffer b = ByteBuffer.wrap(one.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(one.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(one.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        assertThat(b.getShort(22)).isEqualTo((short) 1);
        assertThat(b.getInt(24)).isEqualTo(22050);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(b.getInt(40)).isEqualTo(one.body().length - 44).isPositive();
        assertThat(two.body().length).isGreaterThan(one.body().length);
    }

    @Test
    void fiftyParallelTtsRequestsAllSucceed() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<byte[]>>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                all.add(pool.submit(() -> tts(backend, "{\"text\":\"Parallel request " + n + ".\"}")));
            }
            for (Future<HttpResponse<byte[]>> f : all) {
                HttpResponse<byte[]> r = f.get();
                assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                assertThat(r.body().length).isGreaterThan(44);
            }
        }
    }

    @Test
    void aCharacterWhoseVoiceIsNotInstalledSpeaksWithTheDefaultVoice() throws Exception {
        // the starter Miku's voice, en_US-amy-medium, is not installed here; the fixture voice is the default
        long miku = ApiTest.json(backend.get("/api/characters")).get(0).get("id").asLong();

        HttpResponse<byte[]> response = tts(backend, "{\"text\":\"Hello.\",\"character_id\":" + miku + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Voice")).contains("test_voice");
        assertThat(response.body().length).isGreaterThan(44);
    }

    @Test
    void voicesListTheDefaultVoiceWithItsSettings() throws Exception {
        JsonNode body = JSON.readTree(backend.get("/api/voices").body());
        assertThat(body.path("default_voice").asText()).isEqualTo("test_voice");
        JsonNode voice = body.path("voices").get(0);
        assertThat(voice.path("name").asText()).isEqualTo("test_voice");
        assertThat(voice.path("language").asText()).isEqualTo("en_US");
        assertThat(voice.path("sample_rate").asInt()).isEqualTo(22050);
        assertThat(voice.path("is_default").asBoolean()).isTrue();
        assertThat(voice.path("noise_scale").asDouble()).isEqualTo(0.667);
    }

    @Test
    void badTtsRequestsAreProblemsNot500s() throws Exception {
        ApiTest.assertProblem(backend.post("/api/tts", "{\"text\":\"\"}"), 400);
        ApiTest.assertProblem(backend.post("/api/tts", "{}"), 400);
        ApiTest.assertProblem(backend.post("/api/tts", "{\"text\":\"" + "a".repeat(2001) + "\"}"), 400);
        ApiTest.assertProblem(backend.post("/api/tts", "{\"text\":\"Hi.\",\"voice\":\"nobody\"}"), 400);
        ApiTest.assertProblem(backend.post("/api/tts", "{\"text\":\"Hi.\",\"character_id\":999999}"), 404);
        ApiTest.assertProblem(backend.post("/api/tts", "{\"text\":\"Hi.\",\"bogus\":1}"), 400);
        ApiTest.assertProblem(backend.post("/api/tts", "not json"), 400);
        assertThat(backend.post("/api/tts", "{\"text\":\"" + "a".repeat(2001) + "\"}").body()).contains("TTS_MAX_CHARS");
    }

    @Test
    void sttOfJfkAnswers200WithEmptyTextInEnglish() throws Exception {
        HttpResponse<String> response = stt(backend, "jfk.wav", Files.readAllBytes(fixtures.resolve("audio/jfk.wav")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("text").asText()).isEmpty();
        assertThat(body.path("language").asText()).isEqualTo("en");
        assertThat(body.path("segments").isArray()).isTrue();
        assertThat(body.path("duration").asDouble()).isBetween(10.9, 11.1);
        assertThat(body.path("processing_ms").asLong()).isPositive();
    }

    @Test
    void sttTakesOtherFormatsAndRatesToo() throws Exception {
        byte[] mp3 = Files.readAllBytes(Path.of(System.getProperty("vtuber.repo.root", "."))
                .resolve("speech/src/test/resources/audio/tone-1k-44100-stereo.mp3"));
        HttpResponse<String> response = stt(backend, "tone.mp3", mp3);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("duration").asDouble()).isBetween(0.4, 0.7);
    }

    @Test
    void twentyParallelSttRequestsAllSucceed() throws Exception {
        byte[] audio = wav(16000, 1, 16, 2.0);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(pool.submit(() -> stt(backend, "clip.wav", audio)));
            }
            for (Future<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void badAudioIsAClear4xxAndLeavesNothingOnDisk() throws Exception {
        Set<Path> before = files();
        byte[] good = wav(16000, 1, 16, 1.0);
        assertAudioProblem(stt(backend, "notes.wav", "this is text, not audio".getBytes(StandardCharsets.UTF_8)), 415, "not audio");
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        assertAudioProblem(stt(backend, "cut.wav", truncated), 400, "cut short");
        assertAudioProblem(stt(backend, "empty.wav", new byte[0]), 400, "empty");
        assertAudioProblem(stt(backend, "surround.wav", wav(16000, 6, 16, 0.5)), 422, "6 channels");
        assertAudioProblem(stt(backend, "long.wav", wav(8000, 1, 8, 2 * 3600)), 422, "longer than the 600 seconds");
        HttpResponse<String> noFile = backend.send(backend.request("/api/stt")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n--x--\r\n")).build());
        ApiTest.assertProblem(noFile, 400);
        ApiTest.assertProblem(backend.post("/api/stt", "{}"), 415);
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void anUnknownLanguageIsA400() throws Exception {
        ApiTest.assertProblem(stt(backend, "clip.wav", wav(16000, 1, 16, 0.5), "language", "klingon"), 400);
    }

    @Test
    void statusReportsTheLoadedModelsAndModelLoadedEventsWereSent() throws Exception {
        JsonNode services = awaitStates(backend, Map.of("stt", "ok", "tts", "ok", "vad", "ok"));
        assertThat(find(services, "stt").path("detail").asText()).contains("for-tests-ggml-tiny.en.bin");
        assertThat(find(services, "tts").path("detail").asText()).contains("test_voice");
        assertThat(find(services, "vad").path("detail").asText()).contains("Silero");
        JsonNode events = JSON.readTree(backend.get("/api/events?type=model.*").body());
        List<String> engines = new ArrayList<>();
        events.path("events").forEach(e -> engines.add(e.path("data").path("engine").asText()));
        assertThat(engines).contains("stt", "tts", "vad");
    }

    @Test
    void missingModelsAre503sNamingThePullCommandAndStatusSaysHowToFixThem(@TempDir Path other) throws Exception {
        try (TestBackend bare = TestBackend.start(other, Map.of("LLM_BASE_URL", "http://127.0.0.1:9/v1", "UPLOAD_MAX_MB", "1"))) {
            HttpResponse<String> tts = bare.post("/api/tts", "{\"text\":\"Hello.\"}");
            ApiTest.assertProblem(tts, 503);
            assertThat(ApiTest.json(tts).path("detail").asText())
                    .matches("no Piper voice at .*en_US-amy-medium\\.onnx: run \\./vtuber models pull en_US-amy-medium");
            HttpResponse<String> stt = stt(bare, "a.wav", wav(16000, 1, 16, 0.5));
            ApiTest.assertProblem(stt, 503);
            assertThat(ApiTest.json(stt).path("detail").asText())
                    .matches("no Whisper model at .*ggml-base\\.bin: run \\./vtuber models pull whisper-base");
            ApiTest.assertProblem(stt(bare, "big.wav", wav(16000, 1, 16, 40)), 413);

            JsonNode services = awaitStates(bare, Map.of("stt", "unavailable", "tts", "unavailable", "vad", "degraded"));
            assertThat(find(services, "tts").path("fix").asText()).isEqualTo("no Piper voice: run ./vtuber models pull en_US-amy-medium");
            assertThat(find(services, "stt").path("fix").asText()).contains("./vtuber models pull whisper-base");
            assertThat(find(services, "vad").path("detail").asText()).contains("energy");
            assertThat(find(services, "vad").path("fix").asText()).contains("./vtuber models pull silero-vad");
        }
    }

    /** Waits (bounded) for the status probes, which run on their own schedule, to report the states. */
    static JsonNode awaitStates(TestBackend backend, Map<String, String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode services = JSON.readTree(backend.get("/api/status").body()).path("services");
            boolean all = wanted.entrySet().stream().allMatch(w -> find(services, w.getKey()).path("state").asText().equals(w.getValue()));
            if (all || System.nanoTime() > deadline) {
                for (var w : wanted.entrySet()) {
                    assertThat(find(services, w.getKey()).path("state").asText()).as(services.toString()).isEqualTo(w.getValue());
                }
                return services;
            }
            Thread.sleep(100);
        }
    }

    static JsonNode find(JsonNode services, String name) {
        for (JsonNode s : services) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return JSON.missingNode();
    }

    private static void assertAudioProblem(HttpResponse<String> response, int status, String words) throws Exception {
        ApiTest.assertProblem(response, status);
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains(words);
    }

    /**
     * Every file in the backend's data folder, and those directly in the JVM's temp folder, where
     * Jetty would spill multipart uploads (the native libraries unpack into folders of their own there).
     */
    private static Set<Path> files() throws IOException {
        Set<Path> all = new java.util.HashSet<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("data"));
                Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            all.addAll(walk.filter(Files::isRegularFile).collect(Collectors.toSet()));
            all.addAll(tmp.filter(Files::isRegularFile).collect(Collectors.toSet()));
        }
        return all;
    }
}
