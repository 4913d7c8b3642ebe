package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Training tab's ViewModel against the real backend: jfk.wav uploaded and cut into clips by the
 * real Silero VAD, clips reviewed, and training runs by the server tests' fake piper1-gpl trainer,
 * with every event arriving over the real /ws through the command center's own event stream.
 */
class TrainingViewModelBackendTest {

    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    Path dir;

    private TestBackend backend;
    private final UiThread ui = new UiThread();
    private final FakeSound sound = new FakeSound(List.of("Speakers"), List.of(), null);
    private CommandCenterModel model;
    private TrainingViewModel vm;

    @BeforeEach
    void start() throws IOException {
        Path python = Backends.fakeTrainer(dir, "FAKE_EPOCH_SECONDS=0.3\n");
        Path checkpoints = dir.resolve("models/checkpoints");
        Files.createDirectories(checkpoints);
        // A base checkpoint as piper-checkpoints names them; the fake trainer continues from its epoch.
        Files.writeString(checkpoints.resolve("base-epoch=9-step=90.ckpt"), "{\"epoch\": 9, \"step\": 90}");
        int port = Backends.freePort();
        backend = Backends.start(dir, port, Map.of("PIPER_TRAIN_PYTHON", python.toString(), "VOICE_MIN_TRAIN_SECONDS", "3"));
        model = new CommandCenterModel(new BackendClient(Backends.base(port), null), ui, sound);
        vm = model.training();
        model.start();
        ui.await("the event stream", () -> model.connection().stateProperty().get() == ConnectionState.CONNECTED);
    }

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
        ui.close();
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void jfkBecomesGradedClipsThatAreReviewedPlayedAndDeleted() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.wav"), "not audio at all");
        ui.run(() -> vm.speakerProperty().set("jfk"));
        ui.call(() -> vm.upload(List.of(Fixtures.file("audio/jfk.wav"), notes))).join();
        ui.await("the upload", () -> !vm.uploadingProperty().get());
        List<String> results = ui.call(() -> List.copyOf(vm.uploadResults()));
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isEqualTo("✔ jfk.wav — 11.0 s");
        assertThat(results.get(1)).startsWith("✘ notes.wav — ");
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("Uploaded 1 of 2");

        List<ClipRow> clips = process();
        // The fixture's four stretches of speech (plus, at most, a breath): real 1-15 s clips, graded.
        assertThat(clips.size()).isBetween(3, 6);
        assertThat(clips).allSatisfy(c -> {
            assertThat(c.duration()).isBetween(1.0, 15.0);
            assertThat(c.grade()).isIn("good", "fair", "poor");
            assertThat(c.speaker()).isEqualTo("jfk");
            // The test Whisper model has no weights: no transcript, flagged.
            assertThat(c.needsTranscriptProperty().get()).isTrue();
        });
        // One audio.processed per clip; the job's end is polled, so the last events may still be on their way.
        ui.await("an event per clip", () -> vm.processedClipsProperty().get() == clips.size());
        assertThat(ui.call(() -> vm.processProgressProperty().get())).isEqualTo(1.0);
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("Processing finished: " + clips.size() + " new clip(s)");

        ClipRow first = clips.getFirst();
        ui.run(() -> first.transcriptProperty().set("And so my fellow Americans"));
        ui.call(() -> vm.saveTranscript(first)).join();
        assertThat(ui.call(() -> first.needsTranscriptProperty().get())).isFalse();
        JsonNode stored = json(backend.get("/api/voice/clips/" + first.id()));
        assertThat(stored.path("transcript").asText()).isEqualTo("And so my fellow Americans");
        assertThat(stored.path("needs_transcript").asBoolean()).isFalse();

        ui.run(() -> first.includedProperty().set(false));
        ui.call(() -> vm.saveIncluded(first)).join();
        assertThat(json(backend.get("/api/voice/clips/" + first.id())).path("included").asBoolean()).isFalse();
        assertThat(json(backend.get("/api/voice/clips/" + first.id())).path("transcript").asText()).isEqualTo("And so my fellow Americans");

        ui.call(() -> vm.playClip(first)).join();
        assertThat(sound.played).hasSize(1);
        assertThat(new String(sound.played.getFirst(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");

        ClipRow last = clips.getLast();
        ui.call(() -> vm.deleteClip(last)).join();
        assertThat(backend.get("/api/voice/clips/" + last.id()).statusCode()).isEqualTo(404);
        assertThat(ui.call(() -> vm.clips().stream().map(ClipRow::id).toList())).doesNotContain(last.id());

        // Everything is processed: the backend says so, and the button comes back.
        ui.call(vm::process).join();
        ui.await("processing to end", () -> !vm.processingProperty().get());
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("processed already");
    }

    @Test
    void aRunShowsTheProgressEventsAsTheLossChartAndEndsWithCheckpointsAndAVoice() throws Exception {
        uploadJfk();
        transcribed(process());
        ui.run(() -> {
            vm.voiceNameProperty().set("jfk_v1");
            vm.baseCheckpointProperty().set("base-epoch=9-step=90.ckpt");
            vm.epochsProperty().set(3);
            vm.batchSizeProperty().set(2);
        });
        ui.call(vm::train).join();
        long id = ui.call(() -> vm.runIdProperty().get());
        ui.await("the run to be ready", Duration.ofSeconds(60), () -> vm.runStatusProperty().get().equals("ready"));
        ui.await("its three checkpoints", () -> vm.checkpoints().stream().filter(c -> c.runId() == id).count() == 3);

        // The chart's points are the run's training.progress events, as the backend stored them.
        List<TrainingViewModel.LossPoint> expected = new ArrayList<>();
        json(backend.get("/api/events?since=0&limit=1000&type=training.progress")).path("events").forEach(e -> {
            JsonNode d = e.path("data");
            if (d.path("loss").isNumber()) {
                expected.add(new TrainingViewModel.LossPoint(d.path("step").asLong(), d.path("loss").asDouble()));
            }
        });
        assertThat(expected).isNotEmpty();
        assertThat(ui.call(() -> List.copyOf(vm.loss()))).isEqualTo(expected);
        assertThat(ui.call(() -> vm.runProgressProperty().get())).isEqualTo(1.0);
        assertThat(ui.call(() -> vm.runningProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.runDetailProperty().get())).contains("voice en_US-jfk_v1-medium").contains("3 epochs");
        List<TrainingViewModel.Checkpoint> mine = ui.call(() -> vm.checkpoints().stream().filter(c -> c.runId() == id).toList());
        assertThat(mine).extracting(TrainingViewModel.Checkpoint::epoch).containsExactly(1, 2, 3);
        assertThat(mine.getLast().path()).matches(".*/epoch=12-step=\\d+\\.ckpt"); // base epoch 9, three more
        // The trainer's own log, from GET /api/voice/train/{id}/log.
        ui.await("the log", () -> vm.logTail().stream().anyMatch(l -> l.contains("Exported model to")));
        assertThat(ui.call(() -> List.copyOf(vm.logTail()))).anyMatch(l -> l.contains("-m piper.train fit"));

        // A reopened window finds the run again.
        TrainingViewModel fresh = new TrainingViewModel(model.client(), ui, sound);
        fresh.refresh().join();
        assertThat(ui.call(() -> fresh.runIdProperty().get())).isEqualTo(id);
        assertThat(ui.call(() -> fresh.runStatusProperty().get())).isEqualTo("ready");

        // A chosen checkpoint becomes the voice again.
        ui.call(() -> vm.exportCheckpoint(mine.get(1))).join();
        ui.await("the export's training.completed", Duration.ofSeconds(60), () -> completedEvents() == 2);
        ui.await("the run to be ready again", () -> vm.runStatusProperty().get().equals("ready") && !vm.runningProperty().get());
    }

    @Test
    void aSecondRunIsRefusedWhileOneTrainsAndCancelEndsIt() throws Exception {
        uploadJfk();
        transcribed(process());
        Files.writeString(dir.resolve("fake.env"), "FAKE_EPOCH_SECONDS=30\n");
        ui.run(() -> {
            vm.voiceNameProperty().set("slow");
            vm.baseCheckpointProperty().set("base-epoch=9-step=90.ckpt");
            vm.epochsProperty().set(3);
        });
        ui.call(vm::train).join();
        long id = ui.call(() -> vm.runIdProperty().get());
        ui.await("the run to be active", () -> vm.runningProperty().get());

        ui.run(() -> vm.voiceNameProperty().set("second"));
        ui.call(vm::train).join();
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("Conflict").contains("one run at a time");
        assertThat(ui.call(() -> vm.runIdProperty().get())).isEqualTo(id);
        assertThat(json(backend.get("/api/voice/train")).size()).isEqualTo(1);

        ui.call(vm::cancel).join();
        ui.await("the cancel", () -> vm.runStatusProperty().get().equals("cancelled"));
        assertThat(ui.call(() -> vm.runningProperty().get())).isFalse();
        assertThat(json(backend.get("/api/voice/train/" + id)).path("status").asText()).isEqualTo("cancelled");
    }

    // --- helpers

    private void uploadJfk() {
        ui.call(() -> vm.upload(List.of(Fixtures.file("audio/jfk.wav")))).join();
        ui.await("the upload", () -> !vm.uploadingProperty().get());
    }

    /** Processes every upload through the ViewModel and returns the clip rows it then shows. */
    private List<ClipRow> process() {
        ui.call(vm::process).join();
        ui.await("processing", Duration.ofSeconds(120), () -> !vm.processingProperty().get());
        return ui.call(() -> List.copyOf(vm.clips()));
    }

    /** Types a transcript into every clip (the test Whisper model writes none), so they can be trained on. */
    private void transcribed(List<ClipRow> clips) {
        assertThat(clips).isNotEmpty();
        for (ClipRow clip : clips) {
            ui.run(() -> clip.transcriptProperty().set("Ask not what your country can do for you."));
            ui.call(() -> vm.saveTranscript(clip)).join();
        }
        assertThat(clips).allSatisfy(c -> assertThat(c.needsTranscriptProperty().get()).isFalse());
    }

    private long completedEvents() {
        try {
            return json(backend.get("/api/events?since=0&limit=1000&type=training.completed")).path("events").size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(java.net.http.HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
