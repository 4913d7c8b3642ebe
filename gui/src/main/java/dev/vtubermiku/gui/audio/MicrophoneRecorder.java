package dev.vtubermiku.gui.audio;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import org.jspecify.annotations.Nullable;

/**
 * Records from a microphone in {@link AudioDevices#CAPTURE_FORMAT} on its own thread, reporting the
 * level of every 20 ms frame, until {@link #stop()} hands back the recording as WAV. Frames are
 * also offered to a {@link FrameSink}, so a live voice loop can stream them instead of keeping them.
 */
public final class MicrophoneRecorder {

    /** Receives each 20 ms frame of 16-bit little-endian PCM as it is captured. */
    public interface FrameSink {
        void frame(byte[] pcm, int length);
    }

    private static final int FRAME_BYTES = 16_000 / 50 * 2;
    /** Push-to-talk is for a sentence or two; a stuck button must not grow memory without end. */
    private static final int MAX_BYTES = 16_000 * 2 * 120;

    private final @Nullable String device;
    private final DoubleConsumer level;
    private final @Nullable FrameSink sink;
    private final boolean keep;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile boolean stopping;
    private @Nullable TargetDataLine line;

    /** @param keep whether to keep the recording for {@link #stop()} (push-to-talk) or only stream it (voice loop) */
    public MicrophoneRecorder(@Nullable String device, DoubleConsumer level, @Nullable FrameSink sink, boolean keep) {
        this.keep = keep;
        this.device = device;
        this.level = level;
        this.sink = sink;
    }

    /**
     * Opens the microphone and starts recording.
     *
     * @throws IllegalStateException with a message for the user when there is no usable microphone
     */
    public void start() {
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, AudioDevices.CAPTURE_FORMAT);
        try {
            Mixer mixer = AudioDevices.mixer(device);
            TargetDataLine l = (TargetDataLine) (mixer != null ? mixer.getLine(info) : AudioSystem.getLine(info));
            l.open(AudioDevices.CAPTURE_FORMAT, FRAME_BYTES * 10);
            l.start();
            line = l;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException | LinkageError e) {
            throw new IllegalStateException("No microphone available" + (e.getMessage() != null ? ": " + e.getMessage() : ""), e);
        }
        Thread.ofPlatform().daemon().name("audio-in").start(this::pump);
    }

    private void pump() {
        TargetDataLine l = line;
        byte[] frame = new byte[FRAME_BYTES];
        try {
            while (!stopping && l != null) {
                int n = l.read(frame, 0, frame.length);
                if (n <= 0) {
                    continue;
                }
                level.accept(Wav.level(frame, n));
                if (sink != null) {
                    sink.frame(frame, n);
                }
                if (keep && recorded.size() + n <= MAX_BYTES) {
                    recorded.write(frame, 0, n);
                }
            }
            result.complete(Wav.encode(recorded.toByteArray(), (int) AudioDevices.CAPTURE_FORMAT.getSampleRate(), 1));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            if (l != null) {
                l.stop();
                l.close();
            }
        }
    }

    /** Stops recording; completes with the WAV of everything recorded. */
    public CompletableFuture<byte[]> stop() {
        stopping = true;
        return result;
    }
}
