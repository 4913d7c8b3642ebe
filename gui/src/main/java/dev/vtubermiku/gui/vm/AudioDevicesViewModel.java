package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.AudioPlayer;
import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Chat tab's sound devices: the outputs and microphones found, the chosen ones, the volume, and
 * playing her last spoken reply again. Its status line also carries what push-to-talk and sending have
 * to say about audio.
 */
public final class AudioDevicesViewModel implements AutoCloseable {

    private final BackendClient client;
    private final Executor ui;
    private final SoundSystem sound;
    private final DoubleProperty volume = new SimpleDoubleProperty(0.8);
    private final ObservableList<String> outputs = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable String> output = new SimpleObjectProperty<>();
    private final ObservableList<String> inputs = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable String> microphone = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
    private @Nullable String lastAudioUrl;

    AudioDevicesViewModel(BackendClient client, Executor ui, SoundSystem sound) {
        this.client = client;
        this.ui = ui;
        this.sound = sound;
        volume.addListener((o, a, b) -> sound.volume(b.doubleValue()));
        ui.execute(this::refreshDevices);
    }

    /** Looks for sound devices again (a headset plugged in); the controls say when there are none. */
    public void refreshDevices() {
        CompletableFuture.supplyAsync(() -> List.of(sound.outputs(), sound.inputs())).thenAcceptAsync(found -> {
            outputs.setAll(found.get(0));
            inputs.setAll(found.get(1));
            if (output.get() != null && !outputs.contains(output.get())) {
                output.set(null);
            }
            if (microphone.get() != null && !inputs.contains(microphone.get())) {
                microphone.set(null);
            }
            status.set(found.get(0).isEmpty() && found.get(1).isEmpty() ? "No audio device: replies are shown, not played; push-to-talk is off"
                    : found.get(0).isEmpty() ? "No audio output device: replies are shown, not played"
                    : found.get(1).isEmpty() ? "No microphone: push-to-talk is off" : "");
        }, ui);
    }

    /** A spoken reply's audio, kept to play again; on the UI thread. */
    void spoken(String audioUrl) {
        lastAudioUrl = audioUrl;
    }

    /** Says something about audio on the status line; on the UI thread. */
    void status(String text) {
        status.set(text);
    }

    /** Plays the last spoken reply again (its WAV, fetched now). */
    public void play() {
        String url = lastAudioUrl;
        if (url == null) {
            status.set("Nothing to play yet: turn on 'Speak replies' and send a line");
        } else if (outputs.isEmpty()) {
            status.set("No audio output device");
        } else {
            Tasks.then(client.getBytes(url), ui, wav -> {
                playing.set(true);
                sound.play(wav, output.get(), volume.get(), this::played);
            }, error -> status.set("Could not fetch the reply's audio: " + error));
        }
    }

    private void played(AudioPlayer.Report report) {
        ui.execute(() -> {
            playing.set(report.playing());
            if (report.error() != null) {
                status.set(report.error());
            }
        });
    }

    public void stop() {
        sound.stop();
        playing.set(false);
    }

    public DoubleProperty volumeProperty() {
        return volume;
    }

    public ObservableList<String> outputs() {
        return outputs;
    }

    public ObjectProperty<@Nullable String> outputProperty() {
        return output;
    }

    public ObservableList<String> inputs() {
        return inputs;
    }

    public ObjectProperty<@Nullable String> microphoneProperty() {
        return microphone;
    }

    public ReadOnlyStringProperty audioStatusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    @Override
    public void close() {
        sound.stop();
    }
}
