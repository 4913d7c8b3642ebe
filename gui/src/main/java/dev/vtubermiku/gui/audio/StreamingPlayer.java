package dev.vtubermiku.gui.audio;

import dev.vtubermiku.protocol.VoiceFrames;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import org.jspecify.annotations.Nullable;

/**
 * Plays the voice loop's frames through a {@link SourceDataLine} as they arrive. The line's buffer
 * is kept small (about 100 ms) because the server already paces its frames in real time with a
 * 60 ms lead: a deep buffer would only add delay, and would be more to throw away on barge-in.
 */
public final class StreamingPlayer implements VoiceOutput {

    private static final System.Logger log = System.getLogger(StreamingPlayer.class.getName());
    private static final int BUFFER_MS = 100;

    private final @Nullable String device;
    private final Consumer<String> failed;
    private final BlockingQueue<VoiceFrames.AudioFrame> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile double volume;
    private volatile boolean closed;
    private volatile @Nullable SourceDataLine line;
    private int lineRate;

    /** @param failed hears, once per failure, why the device could not play (on the audio thread) */
    public StreamingPlayer(@Nullable String device, double volume, Consumer<String> failed) {
        this.device = device;
        this.volume = volume;
        this.failed = failed;
        this.thread = Thread.ofPlatform().daemon().name("voice-out").start(this::pump);
    }

    @Override
    public void write(VoiceFrames.AudioFrame frame) {
        if (!closed && frame.samples().length > 0) {
            queue.add(frame);
        }
    }

    @Override
    public void drop() {
        queue.clear();
        SourceDataLine l = line;
        if (l != null) {
            l.flush(); // discards what the sound card still holds: she stops now, not in 100 ms
        }
    }

    @Override
    public void volume(double volume) {
        this.volume = volume;
    }

    private void pump() {
        try {
            while (!closed) {
                VoiceFrames.AudioFrame frame = queue.poll(250, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    continue;
                }
                SourceDataLine l = lineFor(frame.sampleRate());
                if (l == null) {
                    queue.clear(); // nothing to play on: keep no backlog
                    continue;
                }
                byte[] pcm = pcm(frame.samples(), volume);
                l.write(pcm, 0, pcm.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            SourceDataLine l = line;
            line = null;
            if (l != null) {
                l.stop();
                l.close();
            }
        }
    }

    /** The open line for {@code rate}, reopened when the voice changes; null when the device cannot play. */
    private @Nullable SourceDataLine lineFor(int rate) {
        SourceDataLine l = line;
        if (l != null && lineRate == rate) {
            return l;
        }
        if (l != null) {
            l.drain();
            l.close();
            line = null;
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try {
            Mixer mixer = AudioDevices.mixer(device);
            DataLine.Info info = new DataLine.Info(SourceDataLine.class, format);
            SourceDataLine opened = (SourceDataLine) (mixer != null ? mixer.getLine(info) : AudioSystem.getLine(info));
            opened.open(format, rate * 2 * BUFFER_MS / 1000);
            opened.start();
            lineRate = rate;
            line = opened;
            return opened;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException | LinkageError e) {
            log.log(System.Logger.Level.WARNING, "Cannot play the voice at {0} Hz: {1}", rate, e.toString());
            failed.accept("Cannot play her voice" + (e.getMessage() != null ? ": " + e.getMessage() : ""));
            return null;
        }
    }

    static byte[] pcm(short[] samples, double volume) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int s = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(samples[i] * volume)));
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        SourceDataLine l = line;
        if (l != null) {
            l.flush();
        }
        thread.interrupt();
    }
}
