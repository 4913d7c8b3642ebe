package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.FakeHttp;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.VoiceClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Training tab's error states, against a fake backend answering in the voice-training API's
 * shapes; the real backend drives the rest in {@link TrainingViewModelBackendTest}.
 */
class TrainingViewModelTest {

    private final UiThread ui = new UiThread();
    private final FakeHttp http = new FakeHttp();
    private final BackendClient client = new BackendClient(http.base(), null);
    private final FakeSound sound = new FakeSound(List.of("Speakers"), List.of(), null);
    private final TrainingViewModel vm = new TrainingViewModel(client, ui, sound);

    @AfterEach
    void close() {
        client.close();
        http.close();
        ui.close();
    }

    @Test
    void aBackendWithoutVoiceTrainingSaysSo() {
        vm.refresh().join();
        assertThat(ui.call(() -> vm.availableProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.messageProperty().get())).isEqualTo(TrainingViewModel.NOT_AVAILABLE);
    }

    @Test
    void aMissingClipIsNotAMissingApi() {
        http.answer("GET", "/api/voice/clips", 200, "{\"clips\":[],\"next_after\":null}")
                .answer("GET", "/api/voice/checkpoints", 200, "{\"checkpoints\":[]}")
                .answer("GET", "/api/voice/train", 200, "[]")
                .answer("DELETE", "/api/voice/clips/7", 404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"There is no clip 7.\"}");
        vm.refresh().join();
        ClipRow gone = new ClipRow(new VoiceClip(7, "c.wav", null, 1.0, null, null, "good", true, false, null, null, null, null,
                null, null, null, "/api/voice/clips/7/audio", Instant.now()));
        ui.call(() -> vm.deleteClip(gone)).join();
        assertThat(ui.call(() -> vm.availableProperty().get())).isTrue();
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("There is no clip 7");
    }

    @Test
    void anUploadWhereEveryFileIsRefusedListsWhyForEach(@TempDir Path dir) throws Exception {
        // 422 with the endpoint's own answer (not a problem document): each file's reason.
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not audio");
        http.answer("POST", "/api/voice/upload", 422, """
                {"files":[{"file_name":"notes.txt","error":"not_audio","message":"not audio: no decoder recognises it"}],
                 "accepted":0,"rejected":1}""");
        ui.call(() -> vm.upload(List.of(notes))).join();
        ui.await("the upload to finish", () -> !vm.uploadingProperty().get());
        assertThat(ui.call(() -> List.copyOf(vm.uploadResults()))).containsExactly("✘ notes.txt — not audio: no decoder recognises it");
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("No file was stored");
    }

    @Test
    void aProcessingRefusalEndsTheProcessingState() {
        http.answer("POST", "/api/voice/process", 422, """
                {"title":"Cannot do that","status":422,"detail":"Every upload is processed already."}""");
        ui.call(vm::process).join();
        ui.await("processing to end", () -> !vm.processingProperty().get());
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("Every upload is processed already");
    }

    @Test
    void aFailedRunShowsItsLastLinesAndHint() {
        vm.onEvent(event(EventTypes.TRAINING_FAILED, Map.of("run_id", 5, "error", "the trainer exited with code 1",
                "last_lines", List.of("CUDA out of memory"), "hint", "lower batch_size", "exit_code", 1)));
        ui.await("the failure", () -> vm.runStatusProperty().get().equals("failed"));
        assertThat(ui.call(() -> List.copyOf(vm.logTail()))).contains("CUDA out of memory", "Hint: lower batch_size");
        assertThat(ui.call(() -> vm.runDetailProperty().get())).contains("exited with code 1").contains("lower batch_size");
        assertThat(ui.call(() -> vm.runningProperty().get())).isFalse();
    }

    @Test
    void anotherRunsEventsDoNotMoveThisRun() {
        http.answer("GET", "/api/voice/train/5/log", 200, "");
        vm.onEvent(event(EventTypes.TRAINING_STARTED, Map.of("run_id", 5, "epochs", 10)));
        vm.onEvent(event(EventTypes.TRAINING_PROGRESS, Map.of("run_id", 5, "epoch", 2, "step", 20, "loss", 2.5, "epochs", 10)));
        // A run the last server left behind is marked interrupted at startup: not this one.
        vm.onEvent(event(EventTypes.TRAINING_FAILED, Map.of("run_id", 3, "interrupted", true, "status", "interrupted")));
        ui.await("the progress", () -> vm.loss().size() == 1);
        assertThat(ui.call(() -> vm.runStatusProperty().get())).isEqualTo("training");
        assertThat(ui.call(() -> vm.runProgressProperty().get())).isEqualTo(0.2);
    }

    private static EventEnvelope event(String type, Map<String, Object> data) {
        return new EventEnvelope(1L, type, Instant.now(), "info", type, data);
    }

    @Test
    void theExpectedProcessingTimeShowsAnHourOfRecordingsAndTheWaitingUploadsFromTheMeasuredThroughput() {
        http.answer("GET", "/api/voice/estimate", 200, "{\"seconds_per_hour\":327.3,\"pending_audio_seconds\":1320,"
                + "\"pending_seconds\":120.0,\"realtime_factor\":11.0,\"measured_audio_seconds\":660}");
        vm.estimate().refresh().join();
        assertThat(ui.call(() -> vm.estimate().textProperty().get())).isEqualTo(
                "Expected processing time: about 5 min 27 s per hour of recordings (11× real time on this machine); "
                        + "22 min of recordings waiting: about 2 min.");
    }

    @Test
    void theExpectedProcessingTimeSaysWhenNothingHasBeenMeasuredYet() {
        http.answer("GET", "/api/voice/estimate", 200, "{\"seconds_per_hour\":null,\"pending_audio_seconds\":33.1,"
                + "\"pending_seconds\":null,\"realtime_factor\":null,\"measured_audio_seconds\":0}");
        vm.estimate().refresh().join();
        assertThat(ui.call(() -> vm.estimate().textProperty().get()))
                .isEqualTo("Expected processing time: measured on this machine once the first upload is processed (33 s of recordings waiting).");
    }

    @Test
    void aBackendWithoutTheEstimateShowsNoExpectedProcessingTime() {
        vm.estimate().refresh().join();
        assertThat(ui.call(() -> vm.estimate().textProperty().get())).isEmpty();
    }
}
