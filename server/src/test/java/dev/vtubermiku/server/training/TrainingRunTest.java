package dev.vtubermiku.server.training;

import static dev.vtubermiku.server.training.VoiceTests.await;
import static dev.vtubermiku.server.training.VoiceTests.events;
import static dev.vtubermiku.server.training.VoiceTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.ModelDao;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training runs against the fake piper1-gpl trainer (test resources, fake-piper): the real command
 * line, files and console output of the trainer, a real process tree, the real Piper engine.
 */
class TrainingRunTest {

    @TempDir
    Path dir;

    private TestBackend backend;
    private long character;

    @BeforeEach
    void start() throws IOException {
        Fixtures.dir();
        Map<String, String> env = VoiceTests.trainingEnv(dir, "FAKE_EPOCH_SECONDS=0.1\n");
        backend = TestBackend.start(dir, env);
        character = backend.character("Nova", "a DJ", "smug");
    }

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    private HttpResponse<String> train(int epochs) {
        return backend.post("/api/voice/train", """
                {"character_id": %d, "name": "nova", "base_checkpoint": "base-epoch=9-step=90.ckpt", "epochs": %d,
                 "batch_size": 2, "quality": "medium", "espeak_voice": "en-us"}""".formatted(character, epochs));
    }

    private JsonNode run(long id) {
        return json(backend.get("/api/voice/train/" + id));
    }

    private JsonNode awaitStatus(long id, String status) {
        JsonNode[] r = new JsonNode[1];
        await(Duration.ofSeconds(60), "run " + id + " to be " + status, () -> {
            r[0] = run(id);
            return r[0].path("status").asText().equals(status);
        });
        return r[0];
    }

    private void fake(String env) throws IOException {
        Files.writeString(dir.resolve("fake.env"), env);
    }

    private List<List<String>> invocations() throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("invocations.log"))) {
            List<String> args = new ArrayList<>();
            VoiceTests.JSON.readTree(line).forEach(a -> args.add(a.asText()));
            out.add(args);
        }
        return out;
    }

    @Test
    void aRunTrainsExportsInstallsAndGivesTheCharacterAVoiceThatSpeaks() throws Exception {
        VoiceTests.clips(backend, 6, "nova");
        HttpResponse<String> started = train(3);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long id = json(started).path("id").asLong();
        assertThat(json(started).path("status").asText()).isEqualTo("queued");

        JsonNode done = awaitStatus(id, "ready");
        assertThat(done.path("epochs_trained").asInt()).isEqualTo(3);
        assertThat(done.path("step").asLong()).isEqualTo(90 + 9);
        assertThat(done.path("loss").isNumber()).isTrue();
        assertThat(done.path("clips").asInt()).isEqualTo(6);
        String voice = done.path("voice").asText();
        assertThat(voice).isEqualTo("en_US-nova-medium");

        // The trainer was run with piper1-gpl's arguments, fine-tuning from the base checkpoint.
        List<String> fit = invocations().getFirst();
        Path runDir = dir.resolve("data/voice/runs/" + id);
        assertThat(fit.subList(0, 1)).containsExactly("fit");
        assertThat(String.join(" ", fit)).contains("--data.voice_name en_US-nova-medium", "--data.csv_path " + runDir.resolve("dataset/metadata.csv"),
                "--data.audio_dir " + runDir.resolve("dataset/wavs"), "--model.sample_rate 22050", "--data.espeak_voice en-us",
                "--data.batch_size 2", "--trainer.max_epochs 13", "--ckpt_path " + dir.resolve("models/checkpoints/base-epoch=9-step=90.ckpt"));
        assertThat(invocations().get(1)).startsWith("export_onnx", "--checkpoint");

        // Events: started, progress per epoch, a model.saved per checkpoint and for the voice, completed.
        assertThat(events(backend, "training.started")).hasSize(1);
        List<JsonNode> progress = events(backend, "training.progress");
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast().path("data").path("epoch").asInt()).isEqualTo(3);
        assertThat(progress.getFirst().path("data").has("eta_s")).isTrue();
        assertThat(progress).allSatisfy(p -> assertThat(p.path("data").path("run_id").asLong()).isEqualTo(id));
        JsonNode completed = events(backend, "training.completed").getFirst().path("data");
        assertThat(completed.path("voice").asText()).isEqualTo(voice);
        assertThat(completed.path("character_id").asLong()).isEqualTo(character);
        assertThat(events(backend, "model.saved")).anySatisfy(e -> assertThat(e.path("data").path("name").asText()).isEqualTo(voice));

        // Each epoch's checkpoint became a row.
        JsonNode checkpoints = json(backend.get("/api/voice/checkpoints?run_id=" + id)).path("checkpoints");
        assertThat(checkpoints).hasSize(3);
        assertThat(checkpoints.get(0).path("epoch").asInt()).isEqualTo(1);
        assertThat(checkpoints.get(2).path("path").asText()).endsWith("epoch=12-step=99.ckpt");
        assertThat(checkpoints.get(2).path("exists").asBoolean()).isTrue();

        // Installed with a complete config that piper-jni accepts, and it speaks.
        Path onnx = dir.resolve("models/piper/" + voice + ".onnx");
        assertThat(onnx).hasSameBinaryContentAs(Fixtures.file("piper/test_voice.onnx"));
        JsonNode config = VoiceTests.JSON.readTree(Files.readString(dir.resolve("models/piper/" + voice + ".onnx.json")));
        assertThat(config.path("dataset").asText()).isEqualTo(voice);
        assertThat(config.path("language").path("code").asText()).isEqualTo("en_US");
        assertThat(config.path("language").path("family").asText()).isEqualTo("en");
        assertThat(config.path("language").path("region").asText()).isEqualTo("US");
        assertThat(config.path("audio").path("quality").asText()).isEqualTo("medium");
        assertThat(config.path("audio").path("sample_rate").asInt()).isEqualTo(22050);
        assertThat(config.path("espeak").path("voice").asText()).isEqualTo("en-us");
        assertThat(config.path("phoneme_id_map").has("aɪ")).isFalse();
        assertThat(config.path("phoneme_id_map").has("a")).isTrue();
        HttpResponse<String> spoken = backend.post("/api/tts", "{\"text\": \"Hello there.\", \"voice\": \"" + voice + "\"}");
        assertThat(spoken.statusCode()).isEqualTo(200);
        assertThat(spoken.headers().firstValue("X-Voice")).contains(voice);
        assertThat(json(backend.get("/api/characters/" + character)).path("voice").asText()).isEqualTo(voice);
        assertThat(backend.app().database().readDao(ModelDao.class).clipCount(id)).isEqualTo(6);
        HttpResponse<String> log = backend.get("/api/voice/train/" + id + "/log");
        assertThat(log.body()).contains("$ " + dir.resolve("fake-python") + " -m piper.train fit", "Epoch 12: 100%",
                "-m piper.train.export_onnx", "Exported model to");
    }

    @Test
    void oneRunAtATimeAndCancelEndsTheWholeProcessTree() throws Exception {
        VoiceTests.clips(backend, 6, "nova");
        fake("FAKE_EPOCH_SECONDS=30\nFAKE_SPAWN_CHILD=1\n");
        long id = json(train(3)).path("id").asLong();
        Path childPid = dir.resolve("data/voice/runs/" + id + "/child.pid");
        await(Duration.ofSeconds(30), "the trainer's child process", () -> Files.isRegularFile(childPid));
        long child = Long.parseLong(Files.readString(childPid).trim());
        long trainer = Long.parseLong(Files.readString(dir.resolve("data/voice/runs/" + id + "/trainer.pid")).trim());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);

        HttpResponse<String> second = train(3);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).path("detail").asText()).contains("one run at a time");

        HttpResponse<String> cancelled = backend.post("/api/voice/train/" + id + "/cancel", "");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).path("status").asText()).isEqualTo("cancelled");
        await(Duration.ofSeconds(10), "the trainer and its child to end", () -> !alive(child) && !alive(trainer));
        assertThat(events(backend, "training.failed").getLast().path("data").path("cancelled").asBoolean()).isTrue();
        assertThat(backend.post("/api/voice/train/" + id + "/cancel", "").statusCode()).isEqualTo(409);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aFailingTrainerIsAFailedRunWithItsLastLinesAndAHint() throws Exception {
        VoiceTests.clips(backend, 6, "nova");
        fake("FAKE_EPOCH_SECONDS=0.1\nFAKE_FAIL_AT_EPOCH=11\n");
        long id = json(train(3)).path("id").asLong();
        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.path("error").asText()).contains("exited with code 1");
        assertThat(failed.path("hint").asText()).contains("batch_size");
        JsonNode event = events(backend, "training.failed").getLast().path("data");
        assertThat(event.path("hint").asText()).contains("out of memory");
        assertThat(event.path("exit_code").asInt()).isEqualTo(1);
        assertThat(event.path("last_lines").toString()).contains("CUDA out of memory");
        // The epoch it finished before failing left a checkpoint: the run can be resumed from it.
        assertThat(json(backend.get("/api/voice/checkpoints?run_id=" + id)).path("checkpoints")).hasSize(1);
    }

    @Test
    void aMissingInterpreterFailsWithAHintInsteadOfHanging() throws Exception {
        backend.close();
        Map<String, String> env = new HashMap<>();
        env.put("PIPER_TRAIN_PYTHON", dir.resolve("no-such-python").toString());
        env.put("VOICE_MIN_TRAIN_SECONDS", "5");
        backend = TestBackend.start(dir, env);
        VoiceTests.clips(backend, 6, "nova");
        long id = json(train(3)).path("id").asLong();
        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.path("error").asText()).contains("cannot start");
        assertThat(failed.path("hint").asText()).contains("./vtuber trainer setup");
    }

    @Test
    void aPythonWithoutPiperFailsWithASetupHint() throws Exception {
        backend.close();
        Map<String, String> env = new HashMap<>();
        env.put("PIPER_TRAIN_PYTHON", VoiceTests.python3()); // the real one: no piper.train in it
        env.put("VOICE_MIN_TRAIN_SECONDS", "5");
        backend = TestBackend.start(dir, env);
        VoiceTests.clips(backend, 6, "nova");
        long id = json(train(3)).path("id").asLong();
        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.path("hint").asText()).contains("./vtuber trainer setup");
        assertThat(failed.path("log_tail").toString()).contains("No module named");
    }

    @Test
    void tooLittleAudioOrBadRequestsAreRefusedAndStartNothing() throws Exception {
        VoiceTests.clips(backend, 2, "nova"); // 3 s, below VOICE_MIN_TRAIN_SECONDS=5
        HttpResponse<String> tooLittle = train(3);
        assertThat(tooLittle.statusCode()).isEqualTo(422);
        assertThat(json(tooLittle).path("detail").asText()).contains("Too little audio", "3 s in 2");
        assertThat(backend.post("/api/voice/train", "{\"name\": \"a b\"}").statusCode()).isEqualTo(400);
        assertThat(backend.post("/api/voice/train", "{\"name\": \"x\", \"epochs\": 0}").statusCode()).isEqualTo(400);
        assertThat(backend.post("/api/voice/train", "{\"name\": \"x\", \"character_id\": 999}").statusCode()).isEqualTo(404);
        HttpResponse<String> notPulled = backend.post("/api/voice/train",
                "{\"name\": \"x\", \"base_checkpoint\": \"checkpoint-en_US-lessac-medium\"}");
        assertThat(notPulled.statusCode()).isEqualTo(422);
        assertThat(json(notPulled).path("detail").asText()).contains("./vtuber models pull checkpoint-en_US-lessac-medium");
        Files.writeString(dir.resolve("models/checkpoints/finetune.ckpt"), "{}");
        HttpResponse<String> noEpoch = backend.post("/api/voice/train", "{\"name\": \"x\", \"base_checkpoint\": \"finetune.ckpt\"}");
        assertThat(noEpoch.statusCode()).isEqualTo(422);
        assertThat(json(noEpoch).path("detail").asText()).contains("epoch=N");
        assertThat(json(backend.get("/api/voice/train")).size()).isZero();
        assertThat(backend.get("/api/voice/train/999").statusCode()).isEqualTo(404);
    }

    @Test
    void aRestartMidRunMarksItInterruptedAndResumeContinuesFromItsLastCheckpoint() throws Exception {
        VoiceTests.clips(backend, 6, "nova");
        fake("FAKE_EPOCH_SECONDS=1\n");
        long id = json(train(5)).path("id").asLong();
        await(Duration.ofSeconds(30), "a first checkpoint",
                () -> json(backend.get("/api/voice/checkpoints?run_id=" + id)).path("checkpoints").size() >= 1);
        long trainer = Long.parseLong(Files.readString(dir.resolve("data/voice/runs/" + id + "/trainer.pid")).trim());

        backend = backend.restart();
        assertThat(alive(trainer)).isFalse();
        JsonNode interrupted = run(id);
        assertThat(interrupted.path("status").asText()).isEqualTo("interrupted");
        assertThat(interrupted.path("hint").asText()).contains("/resume");
        assertThat(events(backend, "training.failed").getLast().path("data").path("interrupted").asBoolean()).isTrue();
        int before = interrupted.path("epochs_trained").asInt();
        assertThat(before).isBetween(1, 4);

        fake("FAKE_EPOCH_SECONDS=0.1\n");
        HttpResponse<String> resumed = backend.post("/api/voice/train/" + id + "/resume", "");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
        JsonNode done = awaitStatus(id, "ready");
        assertThat(done.path("epochs_trained").asInt()).isEqualTo(5);
        List<String> resumedFit = invocations().stream().filter(a -> a.getFirst().equals("fit")).toList().getLast();
        int ckpt = resumedFit.indexOf("--ckpt_path");
        assertThat(resumedFit.get(ckpt + 1)).contains("data/voice/runs/" + id + "/lightning_logs/version_0/checkpoints/");
        assertThat(resumedFit).contains("--trainer.max_epochs", "15");
        assertThat(backend.post("/api/voice/train/" + id + "/resume", "").statusCode()).isEqualTo(409);
    }

    @Test
    void aRunTheServerNeverSawEndIsInterruptedAtTheNextStart() throws Exception {
        long id = backend.app().database().writeDao(ModelDao.class).insertTraining("run", "ghost", null, null, "training", null,
                "{\"name\":\"ghost\",\"epochs\":3,\"batch_size\":2,\"quality\":\"medium\",\"espeak_voice\":\"en-us\",\"base_epoch\":0,"
                        + "\"clips\":0,\"audio_seconds\":0}", 1, 10, 1.0, Instant.now());
        backend = backend.restart();
        assertThat(run(id).path("status").asText()).isEqualTo("interrupted");
        assertThat(backend.post("/api/voice/train/" + id + "/resume", "").statusCode()).isEqualTo(409); // no checkpoint
    }

    @Test
    void aChosenCheckpointCanBeExportedAsTheVoice() throws Exception {
        VoiceTests.clips(backend, 6, "nova");
        long id = json(train(2)).path("id").asLong();
        awaitStatus(id, "ready");
        long first = json(backend.get("/api/voice/checkpoints?run_id=" + id)).path("checkpoints").get(0).path("id").asLong();
        long completedBefore = events(backend, "training.completed").size();
        HttpResponse<String> exported = backend.post("/api/voice/checkpoints/" + first + "/export", "");
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(202);
        await(Duration.ofSeconds(30), "the export", () -> events(backend, "training.completed").size() > completedBefore);
        assertThat(run(id).path("status").asText()).isEqualTo("ready");
        Optional<String> exportedCkpt = invocations().stream().filter(a -> a.getFirst().equals("export_onnx"))
                .map(a -> a.get(a.indexOf("--checkpoint") + 1)).reduce((a, b) -> b);
        assertThat(exportedCkpt).get().asString().endsWith("epoch=10-step=93.ckpt");
        assertThat(backend.post("/api/voice/checkpoints/9999/export", "").statusCode()).isEqualTo(404);
    }
}
