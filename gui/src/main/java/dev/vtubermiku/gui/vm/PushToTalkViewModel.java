package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.gui.net.Multipart;
import dev.vtubermiku.protocol.TranscriptResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

/**
 * Hold to talk: records from the chosen microphone while held, then {@code /api/stt} turns it into
 * text that is added to the chat input (not sent: the streamer reads it first).
 */
public final class PushToTalkViewModel {

    private final BackendClient client;
    private final Executor ui;
    private final SoundSystem sound;
    private final AudioDevicesViewModel devices;
    private final StringProperty input;
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper transcribing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper micLevel = new ReadOnlyDoubleWrapper(0);
    private @Nullable CompletableFuture<SoundSystem.Recording> recordingNow;

    PushToTalkViewModel(BackendClient client, Executor ui, SoundSystem sound, AudioDevicesViewModel devices, StringProperty input) {
        this.client = client;
        this.ui = ui;
        this.sound = sound;
        this.devices = devices;
        this.input = input;
    }

    /** Push-to-talk pressed: records from the microphone (opened off the UI thread; that can take a while). */
    public void startTalking() {
        if (recording.get() || transcribing.get()) {
            return;
        }
        recording.set(true);
        devices.status("Listening… release to send");
        String device = devices.microphoneProperty().get();
        CompletableFuture<SoundSystem.Recording> opening = CompletableFuture.supplyAsync(
                () -> sound.record(device, level -> ui.execute(() -> micLevel.set(level))));
        recordingNow = opening;
        opening.whenCompleteAsync((r, error) -> {
            if (error != null) {
                recording.set(false);
                if (recordingNow == opening) {
                    recordingNow = null;
                }
                devices.status(BackendException.describe(error));
            }
        }, ui);
    }

    /** Push-to-talk released: the recording goes to /api/stt and the text into the input. */
    public CompletableFuture<Void> stopTalking() {
        CompletableFuture<SoundSystem.Recording> r = recordingNow;
        recordingNow = null;
        recording.set(false);
        micLevel.set(0);
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        transcribing.set(true);
        devices.status("Transcribing…");
        CompletableFuture<TranscriptResponse> work = r.thenCompose(SoundSystem.Recording::stop).thenCompose(this::transcribe);
        return Tasks.then(work, ui, transcript -> {
            transcribing.set(false);
            String text = transcript.text().strip();
            if (text.isEmpty()) {
                devices.status("Nothing was recognised (" + String.format(java.util.Locale.ROOT, "%.1f", transcript.duration()) + " s)");
            } else {
                input.set(input.get().isBlank() ? text : input.get().strip() + " " + text);
                devices.status("");
            }
        }, error -> {
            transcribing.set(false);
            devices.status(error.startsWith("No microphone") ? error : "Speech recognition failed: " + error);
        });
    }

    /** Sends a WAV recording to {@code /api/stt}. */
    public CompletableFuture<TranscriptResponse> transcribe(byte[] wav) {
        return client.postMultipart("/api/stt", new Multipart().file("file", "push-to-talk.wav", "audio/wav", wav),
                TranscriptResponse.class, null);
    }

    public ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty transcribingProperty() {
        return transcribing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty micLevelProperty() {
        return micLevel.getReadOnlyProperty();
    }
}
