package dev.vtubermiku.gui.audio;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.jspecify.annotations.Nullable;

/** {@link SoundSystem} on javax.sound.sampled. */
public final class JavaSound implements SoundSystem, AutoCloseable {

    private volatile Consumer<AudioPlayer.Report> done = r -> { };
    private final AudioPlayer player = new AudioPlayer(r -> done.accept(r));

    @Override
    public List<String> outputs() {
        return AudioDevices.outputs();
    }

    @Override
    public List<String> inputs() {
        return AudioDevices.inputs();
    }

    @Override
    public void play(byte[] wav, @Nullable String device, double volume, Consumer<AudioPlayer.Report> done) {
        this.done = done;
        player.device(device);
        player.volume(volume);
        player.play(wav);
    }

    @Override
    public void stop() {
        player.stop();
    }

    @Override
    public void volume(double volume) {
        player.volume(volume);
    }

    @Override
    public Recording record(@Nullable String device, DoubleConsumer level) {
        MicrophoneRecorder recorder = new MicrophoneRecorder(device, level, null, true);
        recorder.start();
        return recorder::stop;
    }

    @Override
    public Recording stream(@Nullable String device, DoubleConsumer level, MicrophoneRecorder.FrameSink frames) {
        MicrophoneRecorder recorder = new MicrophoneRecorder(device, level, frames, false);
        recorder.start();
        return recorder::stop;
    }

    @Override
    public VoiceOutput voiceOutput(@Nullable String device, double volume, Consumer<String> failed) {
        return new StreamingPlayer(device, volume, failed);
    }

    @Override
    public void close() {
        player.close();
    }
}
