package dev.vtubermiku.gui.audio;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The sound the ViewModels need: devices, playback and push-to-talk recording. The real one is
 * {@link JavaSound}; tests give a fake, so the ViewModels are tested on machines without a sound card.
 */
public interface SoundSystem {

    List<String> outputs();

    List<String> inputs();

    /** Plays one WAV (stopping what plays); {@code done} hears the outcome, on the audio thread. */
    void play(byte[] wav, @Nullable String device, double volume, Consumer<AudioPlayer.Report> done);

    void stop();

    /** Changes the volume of what plays now and later. */
    void volume(double volume);

    /**
     * Starts recording from {@code device} (null: the default microphone).
     *
     * @throws IllegalStateException with a message for the user when there is no microphone
     */
    Recording record(@Nullable String device, DoubleConsumer level);

    /**
     * Streams the microphone for the voice loop: every 20 ms frame goes to {@code frames} as it is
     * captured (on the audio thread), with its level to {@code level}.
     *
     * @throws IllegalStateException with a message for the user when there is no microphone
     */
    Recording stream(@Nullable String device, DoubleConsumer level, MicrophoneRecorder.FrameSink frames);

    /** A player for the voice loop's streamed frames on {@code device} (null: the default output). */
    VoiceOutput voiceOutput(@Nullable String device, double volume, Consumer<String> failed);

    /** A recording in progress. */
    interface Recording {
        /** Ends it; completes with the WAV. */
        CompletableFuture<byte[]> stop();
    }
}
