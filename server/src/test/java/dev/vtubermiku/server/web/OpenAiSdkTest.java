package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.AudioModel;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import com.openai.models.models.Model;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.InputStream;
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

/** The official OpenAI Java SDK as the client: what SillyTavern, Open WebUI and scripts do, checked by OpenAI's own code. */
class OpenAiSdkTest {

    private static final String TOKEN = "sdk-client-token-12345";

    @TempDir
    static Path dir;

    static TestBackend backend;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        Path fixtures = Fixtures.dir();
        backend = TestBackend.start(dir, Map.of(
                "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString(),
                "WHISPER_MODEL_PATH", fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin").toString(),
                "API_TOKEN", TOKEN,
                "LLM_BASE_URL", "http://127.0.0.1:9/v1"));
        client = sdk(TOKEN);
    }

    static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + backend.port() + "/v1").apiKey(key)
                .maxRetries(0).timeout(Duration.ofSeconds(120)).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void speechCreateReturnsAStreamedWavOfHerVoice() throws Exception {
        SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input("Hello from the SDK. A second sentence.")
                .voice(SpeechCreateParams.Voice.UnionMember1.ALLOY).responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
        byte[] audio;
        try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().values("Content-Type")).containsExactly("audio/wav");
            audio = body.readAllBytes();
        }
        assertThat(new String(audio, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(ByteBuffer.wrap(audio).order(ByteOrder.LITTLE_ENDIAN).getInt(24)).isEqualTo(22050);
        assertThat(audio.length).isGreaterThan(44 + 22050);
    }

    @Test
    void speechInMp3AsTheSdkAsksByDefault() throws Exception {
        SpeechCreateParams params = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input("MP3 for SillyTavern.")
                .voice(SpeechCreateParams.Voice.UnionMember1.SHIMMER).build();
        try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
            assertThat(response.headers().values("Content-Type")).containsExactly("audio/mpeg");
            byte[] mp3 = body.readAllBytes();
            assertThat(dev.vtubermiku.speech.audio.AudioDecoder.decode(mp3, dev.vtubermiku.speech.audio.AudioLimits.DEFAULT)
                    .seconds()).isGreaterThan(0.5);
        }
    }

    @Test
    void speechInPcmWithOurOwnVoiceName() throws Exception {
        SpeechCreateParams params = SpeechCreateParams.builder().model("piper").input("Her own voice.")
                .voice("test_voice").responseFormat(SpeechCreateParams.ResponseFormat.PCM).speed(1.0).build();
        try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
            byte[] pcm = body.readAllBytes();
            assertThat(response.headers().values("X-Sample-Rate")).containsExactly("24000");
            assertThat(pcm.length % 2).isZero();
            assertThat(pcm.length).isGreaterThan(24000);
        }
    }

    @Test
    void unsupportedFormatsAndBadKeysAreTheSdksOwnExceptions() {
        SpeechCreateParams opus = SpeechCreateParams.builder().model(SpeechModel.TTS_1).input("Hi.")
                .voice(SpeechCreateParams.Voice.UnionMember1.NOVA).responseFormat(SpeechCreateParams.ResponseFormat.OPUS).build();
        assertThatThrownBy(() -> client.audio().speech().create(opus).close())
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("response_format");
                    assertThat(e.code()).hasValue("unsupported_response_format");
                    assertThat(e.type()).hasValue("invalid_request_error");
                    assertThat(e.getMessage()).contains("opus");
                });
        OpenAIClient wrong = sdk("not-the-token-123456");
        try {
            assertThatThrownBy(() -> wrong.models().list())
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.statusCode()).isEqualTo(401));
        } finally {
            wrong.close();
        }
    }

    @Test
    void transcriptionsCreateReturnsWhatTheSdkParses() {
        byte[] jfk = Fixtures.bytes("audio/jfk.wav");
        TranscriptionCreateResponse plain = client.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .file(jfk).model(AudioModel.WHISPER_1).build());
        Transcription transcription = plain.asTranscription();
        assertThat(transcription.text()).isNotNull();

        TranscriptionCreateResponse verbose = client.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .file(jfk).model(AudioModel.WHISPER_1).language("en").responseFormat(AudioResponseFormat.VERBOSE_JSON)
                .addTimestampGranularity(TranscriptionCreateParams.TimestampGranularity.SEGMENT).build());
        TranscriptionVerbose v = verbose.asVerbose().validate();
        assertThat(v.duration()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(v.language()).isEqualTo("english");
        assertThat(v.segments()).hasValueSatisfying(segments -> assertThat(segments).isNotNull());
    }

    @Test
    void modelsListNamesTheSpeechModels() {
        assertThat(client.models().list().items()).extracting(Model::id).contains("tts-1", "whisper-1");
    }
}
