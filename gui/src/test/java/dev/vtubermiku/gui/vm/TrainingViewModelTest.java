package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.FakeHttp;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Training tab against a fake backend that speaks issue 5's voice-training contract. */
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
        http.answer("GET", "/api/voice/clips", 200, "[]").answer("GET", "/api/voice/checkpoints", 200, "[]")
                .answer("DELETE", "/api/voice/clips/7", 404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"There is no clip 7\"}");
        vm.refresh().join();
        ClipRow gone = new ClipRow(client.json().createObjectNode().put("id", 7));
        ui.call(() -> vm.deleteClip(gone)).join();
        assertThat(ui.call(() -> vm.availableProperty().get())).isTrue();
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("There is no clip 7");
    }

    @Test
    void uploadSendsEveryFileAndReportsEach(@TempDir Path dir) throws Exception {
        Path a = Files.write(dir.resolve("take one.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2, 3});
        Path b = Files.writeString(dir.resolve("notes.txt"), "not audio");
        http.answer("POST", "/api/voice/upload", 200, """
                {"uploads":[{"id":"u1","filename":"take one.wav","duration":2.5}],
                 "rejected":[{"filename":"notes.txt","error":"not audio: no decoder recognises it"}]}""");
        ui.run(() -> vm.speakerProperty().set("miku"));
        ui.call(() -> vm.upload(List.of(a, b))).join();
        ui.await("the upload to finish", () -> !vm.uploadingProperty().get());
        assertThat(ui.call(() -> List.copyOf(vm.uploadResults())))
                .containsExactly("✔ take one.wav — 2.5 s", "✘ notes.txt — not audio: no decoder recognises it");
        assertThat(ui.call(() -> vm.uploadProgressProperty().get())).isEqualTo(1.0);
        FakeHttp.Request sent = http.requests("POST", "/api/voice/upload").getFirst();
        assertThat(sent.contentType()).startsWith("multipart/form-data; boundary=");
        assertThat(sent.text()).contains("filename=\"take one.wav\"").contains("RIFF").contains("filename=\"notes.txt\"")
                .contains("name=\"speaker\"\r\n\r\nmiku");
    }

    @Test
    void clipsAreListedEditedAndDeleted() {
        http.answer("GET", "/api/voice/clips", 200, """
                {"clips":[
                 {"id":1,"filename":"clip-0001.wav","duration":3.2,"transcript":"hello there","grade":"good","included":true},
                 {"id":2,"filename":"clip-0002.wav","duration":1.1,"transcript":"","quality":{"grade":"poor"},"included":false}]}""")
                .answer("GET", "/api/voice/checkpoints", 200, "[]")
                .answer("PATCH", "/api/voice/clips/1", 200, "{\"id\":1}")
                .answer("DELETE", "/api/voice/clips/2", 204, "")
                .answerBytes("GET", "/api/voice/clips/1/audio", "audio/wav", new byte[] {'R', 'I', 'F', 'F'});
        vm.refresh().join();
        ui.await("two clips", () -> vm.clips().size() == 2);
        ClipRow first = ui.call(() -> vm.clips().getFirst());
        assertThat(first.grade()).isEqualTo("good");
        assertThat(ui.call(() -> vm.clips().get(1).grade())).isEqualTo("poor");
        assertThat(ui.call(() -> vm.clips().get(1).includedProperty().get())).isFalse();

        ui.run(() -> first.transcriptProperty().set("Hello there!"));
        ui.call(() -> vm.saveClip(first)).join();
        assertThat(http.requests("PATCH", "/api/voice/clips/1").getFirst().text())
                .contains("\"transcript\":\"Hello there!\"").contains("\"included\":true");

        ui.call(() -> vm.playClip(first)).join();
        assertThat(sound.played).hasSize(1);

        ui.call(() -> vm.deleteClip(vm.clips().get(1))).join();
        assertThat(ui.call(() -> vm.clips().stream().map(ClipRow::id).toList())).containsExactly(1L);
    }

    @Test
    void trainingShowsProgressLossAndTheEnd() {
        http.answer("POST", "/api/voice/train", 202, "{\"id\":5,\"status\":\"queued\",\"epochs\":10}")
                .answer("POST", "/api/voice/train/5/cancel", 200, "{\"id\":5,\"status\":\"cancelled\"}")
                .answer("GET", "/api/voice/checkpoints", 200,
                        "[{\"id\":9,\"name\":\"miku-v1\",\"status\":\"ready\",\"epochs_trained\":10,\"loss\":1.25,\"model_path\":\"/m/miku.ckpt\"}]");
        ui.run(() -> {
            vm.voiceNameProperty().set("miku-v1");
            vm.epochsProperty().set(10);
        });
        ui.call(vm::train).join();
        assertThat(ui.call(() -> vm.runIdProperty().get())).isEqualTo(5L);
        assertThat(ui.call(() -> vm.runningProperty().get())).isTrue();
        assertThat(http.requests("POST", "/api/voice/train").getFirst().text()).contains("\"name\":\"miku-v1\"")
                .contains("\"epochs\":10").contains("\"quality\":\"medium\"");

        for (int step = 1; step <= 3; step++) {
            vm.onEvent(event(EventTypes.TRAINING_PROGRESS, Map.of("run_id", 5, "epoch", step * 2, "step", step * 100,
                    "loss", 3.0 / step, "eta_s", 120)));
        }
        ui.await("three loss points", () -> vm.loss().size() == 3);
        assertThat(ui.call(() -> vm.runProgressProperty().get())).isEqualTo(0.6);
        assertThat(ui.call(() -> vm.runDetailProperty().get())).contains("epoch 6 of 10").contains("loss 1.0000").contains("2 min left");

        vm.onEvent(event(EventTypes.TRAINING_COMPLETED, Map.of("run_id", 5)));
        ui.await("the run to be ready", () -> vm.runStatusProperty().get().equals("ready"));
        ui.await("the new checkpoint", () -> vm.checkpoints().size() == 1);
        assertThat(ui.call(() -> vm.checkpoints().getFirst().loss())).isEqualTo(1.25);
        assertThat(ui.call(() -> vm.runningProperty().get())).isFalse();
    }

    @Test
    void aFailedRunShowsItsLastLinesAndHint() {
        vm.onEvent(event(EventTypes.TRAINING_FAILED, Map.of("run_id", 5, "log_tail", List.of("CUDA out of memory"),
                "hint", "lower batch_size")));
        ui.await("the failure", () -> vm.runStatusProperty().get().equals("failed"));
        assertThat(ui.call(() -> List.copyOf(vm.logTail()))).contains("CUDA out of memory", "Hint: lower batch_size");
    }

    @Test
    void processingCountsClipsAndRefreshesTheTable() {
        http.answer("POST", "/api/voice/process", 202, "{\"id\":\"job-1\",\"state\":\"running\",\"total\":2}")
                .answer("GET", "/api/voice/clips", 200, "[{\"id\":1,\"filename\":\"c1.wav\",\"duration\":2.0}]");
        ui.call(vm::process).join();
        assertThat(ui.call(() -> vm.processingProperty().get())).isTrue();
        vm.onEvent(event(EventTypes.AUDIO_PROCESSED, Map.of("clip_id", 1)));
        ui.await("half done", () -> vm.processProgressProperty().get() == 0.5);
        ui.await("the clip row", () -> vm.clips().size() == 1);
    }

    private static EventEnvelope event(String type, Map<String, Object> data) {
        return new EventEnvelope(1L, type, Instant.now(), "info", type, data);
    }
}
