package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/audio/speech, /v1/audio/transcriptions and /v1/models over real HTTP, real engines, fixture models. */
class OpenAiSpeechApiTest {

    private static final ObjectMapper JSON = Json.newMapper();
    static final String TOKEN = "openai-compat-token-1234";

    @TempDir
    static Path dir;

    static TestBackend backend;

    @BeforeAll
    static void start() {
        Path fixtures = Fixtures.dir();
        backend = TestBackend.start(dir, Map.of(
                "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString(),
                "WHISPER_MODEL_PATH", fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin").toString(),
                "VAD_MODEL_PATH", fixtures.resolve("vad/silero_vad_v5.onnx").toString(),
                "API_TOKEN", TOKEN,
                "UPLOAD_MAX_MB", "2",
                "TTS_MAX_CHARS", "3000",
                "LLM_BASE_URL", "http://127.0.0.1:9/v1"));
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    static HttpResponse<byte[]> speech(String body, String... headers) {
        return send(backend.request("/v1/audio/speech").timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .headers(headers.length == 0 ? new String[] {"Accept", "*/*"} : headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> transcribe(byte[] audio, String... fields) {
        String boundary = "----openai" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (audio != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(audio);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(backend.request("/v1/audio/transcriptions").timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** Asserts OpenAI's error shape and returns its inner object. */
    static JsonNode openAiError(HttpResponse<byte[]> response, int status) throws IOException {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        return error;
    }

    @Test
    void speechStreamsAWavWhoseSizesSayUntilTheEndAndGrowsWithTheText() {
        HttpResponse<byte[]> short_ = speech("{\"model\":\"tts-1\",\"input\":\"Hello there.\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
        HttpResponse<byte[]> long_ = speech("{\"model\":\"tts-1\",\"input\":\"Hello there. This is a much longer text, with a "
                + "clause and a second sentence. And a third one to be sure.\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
        assertThat(short_.statusCode()).isEqualTo(200);
        assertThat(short_.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(short_.headers().firstValue("Content-Length")).as("streamed, so no length up front").isEmpty();
        assertThat(short_.headers().firstValue("X-Voice")).hasValue("test_voice");
        ByteBuffer b = ByteBuffer.wrap(short_.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(short_.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(-1);
        assertThat(b.getInt(24)).isEqualTo(22050);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(b.getInt(40)).isEqualTo(-1);
        assertThat((short_.body().length - 44) % 2).isZero();
        assertThat(short_.body().length).isGreaterThan(44 + 22050 / 2);
        assertThat(long_.body().length).isGreaterThan(2 * short_.body().length);
    }

    @Test
    void pcmIsOpenAisTwentyFourKilohertzWithoutAHeader() {
        HttpResponse<byte[]> wav = speech("{\"input\":\"Hello there.\",\"voice\":\"test_voice\",\"response_format\":\"wav\"}");
        HttpResponse<byte[]> pcm = speech("{\"input\":\"Hello there.\",\"voice\":\"test_voice\",\"response_format\":\"pcm\"}");
        assertThat(pcm.statusCode()).isEqualTo(200);
        assertThat(pcm.headers().firstValue("Content-Type")).hasValue("audio/pcm");
        assertThat(pcm.headers().firstValue("X-Sample-Rate")).hasValue("24000");
        assertThat(new String(pcm.body(), 0, 4, StandardCharsets.US_ASCII)).isNotEqualTo("RIFF");
        assertThat(pcm.body().length % 2).isZero();
        double wavSamples = (wav.body().length - 44) / 2.0;
        assertThat(pcm.body().length / 2.0).isCloseTo(wavSamples * 24000 / 22050, org.assertj.core.data.Offset.offset(64.0));
    }

    @Test
    void mp3IsStreamedAsMpegFramesThatOurOwnDecoderReadsBack() throws Exception {
        // SillyTavern's OpenAI-compatible TTS always asks for mp3
        HttpResponse<byte[]> mp3 = speech("{\"model\":\"tts-1\",\"input\":\"Hello there. A second sentence.\",\"voice\":\"alloy\","
                + "\"response_format\":\"mp3\",\"speed\":1}");
        assertThat(mp3.statusCode()).isEqualTo(200);
        assertThat(mp3.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(mp3.body()[0] & 0xFF).as("an MPEG frame sync").isEqualTo(0xFF);
        assertThat(mp3.body()[1] & 0xE0).isEqualTo(0xE0);
        var decoded = dev.vtubermiku.speech.audio.AudioDecoder.decode(mp3.body(), dev.vtubermiku.speech.audio.AudioLimits.DEFAULT);
        assertThat(decoded.format()).isEqualTo("mp3");
        assertThat(decoded.sampleRate()).isEqualTo(22050);
        assertThat(decoded.seconds()).isGreaterThan(1.0);
    }

    @Test
    void speedChangesTheLengthNotTheRate() {
        HttpResponse<byte[]> normal = speech("{\"input\":\"A sentence to time.\",\"response_format\":\"pcm\"}");
        HttpResponse<byte[]> fast = speech("{\"input\":\"A sentence to time.\",\"response_format\":\"pcm\",\"speed\":2.0}");
        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(fast.body().length / 2.0).isCloseTo(normal.body().length / 4.0, org.assertj.core.data.Offset.offset(4.0));
    }

    @Test
    void badSpeechRequestsAreOpenAiErrorsNaming_theParameter() throws IOException {
        JsonNode opus = openAiError(speech("{\"input\":\"Hi.\",\"voice\":\"alloy\",\"response_format\":\"opus\"}"), 400);
        assertThat(opus.get("param").asText()).isEqualTo("response_format");
        assertThat(opus.get("code").asText()).isEqualTo("unsupported_response_format");
        assertThat(opus.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(openAiError(speech("{\"input\":\"Hi.\",\"voice\":\"nobody\"}"), 400).get("param").asText()).isEqualTo("voice");
        assertThat(openAiError(speech("{\"voice\":\"alloy\"}"), 400).get("param").asText()).isEqualTo("input");
        assertThat(openAiError(speech("{\"input\":\"" + "a".repeat(3001) + "\"}"), 400).get("param").asText()).isEqualTo("input");
        assertThat(openAiError(speech("{\"input\":\"Hi.\",\"speed\":9}"), 400).get("param").asText()).isEqualTo("speed");
        assertThat(openAiError(speech("{\"input\":\"Hi.\",\"speed\":\"fast\"}"), 400).get("param").asText()).isEqualTo("speed");
        assertThat(openAiError(speech("{\"input\":\"...\"}"), 400).get("param").asText()).isEqualTo("input");
        openAiError(speech("{\"input\": "), 400);
        openAiError(speech("[1,2]"), 400);
    }

    @Test
    void openAiVoiceNamesFollowTheVoiceMap() throws IOException {
        assertThat(backend.post("/api/config", "{\"OPENAI_VOICE_MAP\":\"nova=not-installed,alloy=test_voice\"}",
                "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        try {
            assertThat(speech("{\"input\":\"Hi.\",\"voice\":\"alloy\"}").statusCode()).isEqualTo(200);
            JsonNode nova = openAiError(speech("{\"input\":\"Hi.\",\"voice\":\"nova\"}"), 400);
            assertThat(nova.get("message").asText()).contains("not-installed");
            assertThat(speech("{\"input\":\"Hi.\",\"voice\":\"shimmer\"}").statusCode()).as("unmapped: the default voice").isEqualTo(200);
        } finally {
            backend.post("/api/config", "{\"OPENAI_VOICE_MAP\":\"\"}", "Authorization", "Bearer " + TOKEN);
        }
    }

    @Test
    void theTokenRuleAndTheGuardHoldOnV1WithOpenAiErrors() throws IOException {
        HttpResponse<byte[]> none = send(backend.request("/v1/models").GET().build());
        JsonNode error = openAiError(none, 401);
        assertThat(error.get("type").asText()).isEqualTo("authentication_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        openAiError(send(backend.request("/v1/audio/speech").header("Authorization", "Bearer wrong-token-123456")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"Hi.\"}")).build()), 401);
        openAiError(send(backend.request("/v1/models").header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "https://evil.example").GET().build()), 403);
        openAiError(send(backend.request("/v1/nothing").header("Authorization", "Bearer " + TOKEN).GET().build()), 404);
        openAiError(send(backend.request("/v1/models").header("Authorization", "Bearer " + TOKEN)
                .DELETE().build()), 405);
    }

    @Test
    void modelsAndVoicesAreListedInOpenAisShapes() throws IOException {
        JsonNode models = JSON.readTree(send(backend.request("/v1/models").header("Authorization", "Bearer " + TOKEN).GET().build()).body());
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data").findValuesAsText("id")).contains("tts-1", "whisper-1");
        assertThat(models.get("data").get(0).get("owned_by").asText()).isEqualTo("vtubermiku");
        JsonNode voices = JSON.readTree(send(backend.request("/v1/audio/voices").header("Authorization", "Bearer " + TOKEN).GET().build()).body());
        assertThat(voices.get("voices").findValuesAsText("id")).startsWith("test_voice").contains("alloy", "nova");
    }

    @Test
    void transcriptionsAnswerInEveryFormat() throws IOException {
        byte[] jfk = Fixtures.bytes("audio/jfk.wav");
        HttpResponse<byte[]> json = transcribe(jfk, "model", "whisper-1");
        assertThat(json.statusCode()).as(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(JSON.readTree(json.body()).has("text")).isTrue();
        assertThat(JSON.readTree(json.body()).has("segments")).isFalse();

        HttpResponse<byte[]> verbose = transcribe(jfk, "model", "whisper-1", "response_format", "verbose_json",
                "timestamp_granularities[]", "segment");
        JsonNode v = JSON.readTree(verbose.body());
        assertThat(v.get("task").asText()).isEqualTo("transcribe");
        assertThat(v.get("language").asText()).isEqualTo("english");
        assertThat(v.get("duration").asDouble()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(v.get("segments").isArray()).isTrue();

        HttpResponse<byte[]> text = transcribe(jfk, "model", "whisper-1", "response_format", "text");
        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        HttpResponse<byte[]> srt = transcribe(jfk, "model", "whisper-1", "response_format", "srt");
        assertThat(srt.statusCode()).isEqualTo(200);
        assertThat(srt.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-subrip");
        HttpResponse<byte[]> vtt = transcribe(jfk, "model", "whisper-1", "response_format", "vtt");
        assertThat(new String(vtt.body(), StandardCharsets.UTF_8)).startsWith("WEBVTT");
    }

    @Test
    void badTranscriptionRequestsAreOpenAiErrors() throws IOException {
        byte[] jfk = Fixtures.bytes("audio/jfk.wav");
        assertThat(openAiError(transcribe(null, "model", "whisper-1"), 400).get("param").asText()).isEqualTo("file");
        assertThat(openAiError(transcribe(jfk, "response_format", "docx"), 400).get("param").asText()).isEqualTo("response_format");
        assertThat(openAiError(transcribe(jfk, "timestamp_granularities[]", "word"), 400).get("param").asText())
                .isEqualTo("timestamp_granularities");
        assertThat(openAiError(transcribe(jfk, "language", "xx"), 400).get("param").asText()).isEqualTo("language");
        openAiError(transcribe("not audio at all".getBytes(StandardCharsets.UTF_8)), 415);
        openAiError(transcribe(new byte[3 * 1024 * 1024]), 413);
        openAiError(send(backend.request("/v1/audio/transcriptions").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415);
    }

    @Test
    void theFirstAudioArrivesBeforeALongTextIsSpoken() throws Exception {
        String sentence = "This sentence is one of many in a long text. ";
        HttpRequest request = backend.request("/v1/audio/speech").timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"" + sentence.repeat(40) + "\",\"response_format\":\"pcm\"}"))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        long firstByte;
        long total = 0;
        try (InputStream in = response.body()) {
            assertThat(in.read()).isNotNegative();
            firstByte = System.nanoTime() - start;
            total = 1 + in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        long all = System.nanoTime() - start;
        assertThat(total).isGreaterThan(40L * 24000); // 40 sentences of about a second each
        assertThat(firstByte).as("first byte %d ms of %d ms", firstByte / 1_000_000, all / 1_000_000).isLessThan(all / 3);
    }
}
