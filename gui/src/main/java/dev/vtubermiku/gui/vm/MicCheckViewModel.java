package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The guide's microphone step: the microphones there are and a live level meter for the one picked.
 * Nothing is recorded to keep: the level is all it is for.
 */
public final class MicCheckViewModel {

    private final SoundSystem sound;
    private final Executor ui;
    private final ObservableList<String> inputs = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable String> device = new SimpleObjectProperty<>();
    private final DoubleProperty level = new SimpleDoubleProperty();
    private final BooleanProperty listening = new SimpleBooleanProperty();
    private final StringProperty note = new SimpleStringProperty("");
    private SoundSystem.@Nullable Recording recording;

    MicCheckViewModel(SoundSystem sound, Executor ui) {
        this.sound = sound;
        this.ui = ui;
    }

    /** Lists the microphones (off the UI thread: asking the sound system can take a while). */
    public CompletableFuture<Void> load() {
        return CompletableFuture.supplyAsync(sound::inputs).thenAcceptAsync(found -> {
            inputs.setAll(found);
            if (found.isEmpty()) {
                note.set("No microphone found. You can still type to her; connect one and open this guide again "
                        + "from Help to test it.");
            } else {
                if (device.get() == null || !found.contains(device.get())) {
                    device.set(found.getFirst());
                }
                note.set("Say something: the bar should move with your voice.");
            }
        }, ui);
    }

    /** Starts the meter on the picked microphone. */
    public void start() {
        stop();
        if (inputs.isEmpty()) {
            return;
        }
        try {
            recording = sound.record(device.get(), l -> ui.execute(() -> level.set(Math.min(1, l))));
            listening.set(true);
        } catch (IllegalStateException e) {
            listening.set(false);
            note.set(e.getMessage() == null ? "No microphone available" : e.getMessage());
        }
    }

    public void stop() {
        SoundSystem.Recording r = recording;
        recording = null;
        if (r != null) {
            r.stop(); // what it recorded is dropped
        }
        listening.set(false);
        level.set(0);
    }

    public ObservableList<String> inputs() {
        return inputs;
    }

    public ObjectProperty<@Nullable String> deviceProperty() {
        return device;
    }

    public DoubleProperty levelProperty() {
        return level;
    }

    public BooleanProperty listeningProperty() {
        return listening;
    }

    public StringProperty noteProperty() {
        return note;
    }
}
