package dev.vtubermiku.gui;

import dev.vtubermiku.gui.audio.AudioPlayer;
import dev.vtubermiku.gui.audio.SoundSystem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.jspecify.annotations.Nullable;

/** A sound card for tests: devices as given, playback recorded, a recording that returns a set WAV. */
public final class FakeSound implements SoundSystem {

    public final List<byte[]> played = new CopyOnWriteArrayList<>();
    private final List<String> outputs;
    private final List<String> inputs;
    private final byte @Nullable [] recording;
    public volatile double volume = -1;

    public FakeSound(List<String> outputs, List<String> inputs, byte @Nullable [] recording) {
        this.outputs = outputs;
        this.inputs = inputs;
        this.recording = recording;
    }

    /** No devices at all, like a container or a CI machine. */
    public static FakeSound none() {
        return new FakeSound(List.of(), List.of(), null);
    }

    @Override
    public List<String> outputs() {
        return outputs;
    }

    @Override
    public List<String> inputs() {
        return inputs;
    }

    @Override
    public void play(byte[] wav, @Nullable String device, double volume, Consumer<AudioPlayer.Report> done) {
        played.add(wav);
        this.volume = volume;
        done.accept(new AudioPlayer.Report(true, null));
        done.accept(new AudioPlayer.Report(false, null));
    }

    @Override
    public void stop() {}

    @Override
    public void volume(double volume) {
        this.volume = volume;
    }

    @Override
    public Recording record(@Nullable String device, DoubleConsumer level) {
        if (inputs.isEmpty() || recording == null) {
            throw new IllegalStateException("No microphone available");
        }
        level.accept(0.3);
        return () -> CompletableFuture.completedFuture(recording);
    }
}
