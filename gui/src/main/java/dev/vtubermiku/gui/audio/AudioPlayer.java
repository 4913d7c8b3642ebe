package dev.vtubermiku.gui.audio;

import java.io.ByteArrayInputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import org.jspecify.annotations.Nullable;

/**
 * Plays WAV audio on one output device, one clip at a time (a new clip stops the one playing).
 * Volume is applied to the samples, so it works on devices without a gain control. Everything runs
 * on the player's own thread; {@code listener} hears "playing", "stopped" or an error text.
 */
public final class AudioPlayer implements AutoCloseable {

    /** What happened to a clip. */
    public record Report(boolean playing, @Nullable String error) {}

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "audio-out");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<Report> listener;
    private volatile double volume = 0.8;
    private volatile @Nullable String device;
    private volatile boolean stopRequested;
    private @Nullable Future<?> current;

    public AudioPlayer(Consumer<Report> listener) {
        this.listener = listener;
    }

    public void volume(double volume) {
        this.volume = Math.max(0, Math.min(1, volume));
    }

    /** The mixer to play on, by name from {@link AudioDevices#outputs()}; null for the system default. */
    public void device(@Nullable String device) {
        this.device = device;
    }

    public synchronized void play(byte[] wav) {
        stop();
        stopRequested = false;
        current = thread.submit(() -> run(wav));
    }

    public synchronized void stop() {
        stopRequested = true;
        if (current != null) {
            current.cancel(false);
        }
    }

    private void run(byte[] wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = in.getFormat();
            DataLine.Info info = new DataLine.Info(SourceDataLine.class, format);
            Mixer mixer = AudioDevices.mixer(device);
            try (SourceDataLine line = (SourceDataLine) (mixer != null ? mixer.getLine(info) : AudioSystem.getLine(info))) {
                line.open(format);
                line.start();
                listener.accept(new Report(true, null));
                byte[] buffer = new byte[(int) format.getFrameSize() * 1024];
                int n;
                while (!stopRequested && (n = in.read(buffer)) > 0) {
                    if (format.getSampleSizeInBits() == 16 && !format.isBigEndian()) {
                        Wav.scale(buffer, n, volume);
                    }
                    line.write(buffer, 0, n);
                }
                if (stopRequested) {
                    line.flush();
                } else {
                    line.drain();
                }
            }
            listener.accept(new Report(false, null));
        } catch (Exception | LinkageError e) {
            listener.accept(new Report(false, "Cannot play audio: " + (e.getMessage() != null ? e.getMessage()
                    : "no audio output device")));
        }
    }

    @Override
    public void close() {
        stop();
        thread.shutdownNow();
    }
}
