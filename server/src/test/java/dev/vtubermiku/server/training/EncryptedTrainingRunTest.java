package dev.vtubermiku.server.training;

import static dev.vtubermiku.server.training.VoiceTests.await;
import static dev.vtubermiku.server.training.VoiceTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With DATA_KEY set the clips are sealed, but the trainer (a Python process) gets plain WAVs in its
 * run folder; they are gone when the run ends, whether it succeeded or failed.
 */
class EncryptedTrainingRunTest {

    static final String KEY = "training data key, long enough";

    @TempDir
    Path dir;
    TestBackend backend;
    long character;

    @BeforeEach
    void start() throws IOException {
        Fixtures.dir();
        Map<String, String> env = VoiceTests.trainingEnv(dir, "FAKE_EPOCH_SECONDS=0.1\n");
        env.put("DATA_KEY", KEY);
        backend = TestBackend.start(dir, env);
        character = backend.character("Nova", "a DJ", "smug");
        VoiceTests.clips(backend, 6, "nova");
        AudioFiles sealed = new AudioFiles(DataKey.of(KEY));
        try (Stream<Path> clips = Files.list(dir.resolve("data/voice/clips"))) {
            for (Path clip : clips.toList()) {
                sealed.write(clip, Files.readAllBytes(clip));
                assertThat(AudioFiles.sealedWith(clip)).isPresent();
            }
        }
    }

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    JsonNode runUntil(String env, String status) throws IOException {
        Files.writeString(dir.resolve("fake.env"), env);
        JsonNode started = json(backend.post("/api/voice/train", """
                {"character_id": %d, "name": "nova", "base_checkpoint": "base-epoch=9-step=90.ckpt", "epochs": 2,
                 "batch_size": 2, "quality": "medium", "espeak_voice": "en-us"}""".formatted(character)));
        long id = started.path("id").asLong();
        JsonNode[] r = new JsonNode[1];
        await(Duration.ofSeconds(60), "run " + id + " to be " + status, () -> {
            r[0] = json(backend.get("/api/voice/train/" + id));
            return r[0].path("status").asText().equals(status);
        });
        return r[0];
    }

    @Test
    void theTrainerReadsPlainClipsThatAreDeletedWhenTheRunSucceedsOrFails() throws Exception {
        // the fake trainer refuses anything but a RIFF file: "ready" means it got plaintext
        JsonNode done = runUntil("FAKE_EPOCH_SECONDS=0.1\n", "ready");
        assertThat(done.path("clips").asInt()).isEqualTo(6);
        Path run = dir.resolve("data/voice/runs/" + done.path("id").asLong());
        // The copies go one folder after the other (wavs, then cache): wait for both, not for the first only.
        await(Duration.ofSeconds(10), "the plaintext copies and the trainer's cache to go",
                () -> !Files.exists(run.resolve("dataset/wavs")) && !Files.exists(run.resolve("cache")));
        assertThat(run.resolve("dataset/metadata.csv")).isRegularFile();

        JsonNode failed = runUntil("FAKE_EPOCH_SECONDS=0.1\nFAKE_FAIL_AT_EPOCH=10\n", "failed");
        Path failedRun = dir.resolve("data/voice/runs/" + failed.path("id").asLong());
        await(Duration.ofSeconds(10), "the plaintext copies to go", () -> !Files.exists(failedRun.resolve("dataset/wavs")));
        try (Stream<Path> clips = Files.list(dir.resolve("data/voice/clips"))) {
            assertThat(clips.toList()).hasSize(6).allSatisfy(c -> assertThat(AudioFiles.sealedWith(c)).isPresent());
        }
    }
}
