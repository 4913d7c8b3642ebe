package dev.vtubermiku.server.training;

import static dev.vtubermiku.server.training.VoiceTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.VoiceUploadDao;
import dev.vtubermiku.speech.audio.WavCodec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads are judged file by file, by decoding them; refused files leave nothing behind. */
class VoiceUploadTest {

    @TempDir
    Path dir;

    private TestBackend backend;

    @BeforeEach
    void start() {
        backend = TestBackend.start(dir, Map.of("VOICE_UPLOAD_MAX_SECONDS", "3"));
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private static byte[] tone(double seconds) {
        float[] s = new float[(int) (seconds * 16000)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * i / 16000));
        }
        return WavCodec.encode(new MonoAudio(s, 16000));
    }

    @Test
    void badFilesAreRefusedOneByOneAndTheGoodOnesLand() throws Exception {
        byte[] good = tone(1.0);
        HttpResponse<String> response = VoiceTests.upload(backend, List.of(
                new VoiceTests.Part("file", "take one.wav", good),
                new VoiceTests.Part("file", "notes.wav", "these are my notes, not audio".getBytes(StandardCharsets.UTF_8)),
                new VoiceTests.Part("file", "cut.wav", Arrays.copyOf(good, 30)),
                new VoiceTests.Part("file", "empty.wav", new byte[0]),
                new VoiceTests.Part("file", "long.wav", tone(4.0)),
                new VoiceTests.Part("file", "../../etc/passwd.wav", good),
                new VoiceTests.Part("files", "take two.mp3", good)), Map.of("speaker", "nina"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        assertThat(body.path("rejected").asInt()).isEqualTo(5);
        JsonNode files = body.path("files");
        assertThat(files).extracting(f -> f.path("error").asText(null))
                .containsExactly(null, "not_audio", "damaged", "empty", "too_long", "bad_name", null);
        assertThat(files.get(4).path("message").asText()).contains("VOICE_UPLOAD_MAX_SECONDS");
        assertThat(files.get(5).path("message").asText()).contains("looks like a path");
        // Recognised by content: the .mp3 is a WAV and is stored as one.
        assertThat(files.get(6).path("format").asText()).isEqualTo("wav");
        assertThat(files.get(0).path("duration").asDouble()).isEqualTo(1.0);
        assertThat(files.get(0).path("speaker").asText()).isEqualTo("nina");

        String id = files.get(0).path("upload_id").asText();
        assertThat(id).matches("up_[0-9a-f]{16}");
        Path uploads = dir.resolve("data/voice/uploads");
        try (Stream<Path> stored = Files.list(uploads)) {
            assertThat(stored.map(p -> p.getFileName().toString()).sorted().toList()).containsExactlyInAnyOrder(
                    id + ".wav", files.get(6).path("upload_id").asText() + ".wav");
        }
        assertThat(uploads.resolve(id + ".wav")).hasBinaryContent(good);
        assertThat(backend.app().database().readDao(VoiceUploadDao.class).list()).hasSize(2)
                .allSatisfy(u -> assertThat(u.originalName()).doesNotContain("/"));
        assertThat(Files.exists(dir.resolve("etc"))).isFalse();
    }

    @Test
    void theVoiceRoutesAreDocumentedWithTheirWireNames() {
        JsonNode doc = json(backend.get("/openapi.json"));
        for (String path : List.of("/api/voice/upload", "/api/voice/uploads", "/api/voice/train/{id}/log", "/api/voice/process", "/api/voice/process/{job_id}", "/api/voice/clips",
                "/api/voice/clips/{id}", "/api/voice/clips/{id}/audio", "/api/voice/train", "/api/voice/train/{id}",
                "/api/voice/train/{id}/cancel", "/api/voice/train/{id}/resume", "/api/voice/checkpoints",
                "/api/voice/checkpoints/{id}/export")) {
            assertThat(doc.path("paths").has(path)).as(path).isTrue();
        }
        assertThat(doc.path("paths").path("/api/voice/clips/{id}").has("patch")).isTrue();
        JsonNode schemas = doc.path("components").path("schemas");
        assertThat(schemas.path("VoiceClip").path("properties").has("needs_transcript")).isTrue();
        assertThat(schemas.path("TrainingRunInfo").path("properties").has("epochs_trained")).isTrue();
        assertThat(schemas.path("TrainRequest").path("properties").has("base_checkpoint")).isTrue();
    }

    @Test
    void allRefusedIs422AndNotMultipartIs415() {
        HttpResponse<String> none = VoiceTests.upload(backend, List.of(new VoiceTests.Part("file", "x.wav", new byte[0])), Map.of());
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(json(none).path("files").get(0).path("error").asText()).isEqualTo("empty");
        HttpResponse<String> plain = backend.send(backend.request("/api/voice/upload").header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tone(0.5))).build());
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(VoiceTests.upload(backend, List.of(), Map.of("speaker", "x")).statusCode()).isEqualTo(400);
        assertThat(VoiceTests.upload(backend, List.of(new VoiceTests.Part("file", "a.wav", tone(0.5))), Map.of("character_id", "abc"))
                .statusCode()).isEqualTo(400);
        HttpResponse<String> nobody = VoiceTests.upload(backend, List.of(new VoiceTests.Part("file", "a.wav", tone(0.5))),
                Map.of("character_id", "999"));
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(dir.resolve("data/voice/uploads")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }
}
