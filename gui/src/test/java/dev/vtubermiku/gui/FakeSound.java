package dev.vtubermiku.gui;

import dev.vtubermiku.gui.audio.AudioPlayer;
import dev.vtubermiku.gui.audio.MicrophoneRecorder;
import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.audio.VoiceOutput;
import dev.vtubermiku.gui.audio.Wav;
import dev.vtubermiku.protocol.VoiceFrames;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    /** What the fake microphone says next (16 kHz samples); silence when empty. */
    private final BlockingQueue<short[]> toSay = new LinkedBlockingQueue<>();
    /** Every streamed voice output opened, newest last. */
    public final List<FakeVoiceOutput> voiceOutputs = new CopyOnWriteArrayList<>();

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

    /** The streaming microphone will say {@code samples} (16 kHz mono) next, in real time. */
    public void say(short[] samples) {
        toSay.add(samples);
    }

    @Override
    public Recording stream(@Nullable String device, DoubleConsumer level, MicrophoneRecorder.FrameSink frames) {
        if (inputs.isEmpty()) {
            throw new IllegalStateException("No microphone available");
        }
        // A live microphone: one 20 ms frame every 20 ms (the pause is the microphone's pace, not synchronisation).
        var stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Thread pump = Thread.ofPlatform().daemon().name("fake-mic").start(() -> {
            short[] clip = new short[0];
            int at = 0;
            long next = System.nanoTime();
            byte[] frame = new byte[640];
            while (!stopped.get()) {
                if (at >= clip.length) {
                    short[] more = toSay.poll();
                    clip = more != null ? more : new short[320];
                    at = 0;
                }
                java.util.Arrays.fill(frame, (byte) 0);
                int n = Math.min(320, clip.length - at);
                for (int i = 0; i < n; i++) {
                    frame[2 * i] = (byte) clip[at + i];
                    frame[2 * i + 1] = (byte) (clip[at + i] >> 8);
                }
                at += n;
                level.accept(Wav.level(frame, 640));
                frames.frame(frame, 640);
                next += 20_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        });
        return () -> {
            stopped.set(true);
            pump.interrupt();
            return CompletableFuture.completedFuture(new byte[0]);
        };
    }

    @Override
    public VoiceOutput voiceOutput(@Nullable String device, double volume, Consumer<String> failed) {
        this.volume = volume;
        FakeVoiceOutput out = new FakeVoiceOutput();
        voiceOutputs.add(out);
        return out;
    }

    /**
     * A sound card for the streamed voice: frames queue as written and are "played" one per 20 ms,
     * like a real line; {@link #drop()} empties the queue.
     */
    public static final class FakeVoiceOutput implements VoiceOutput {
        public final List<VoiceFrames.AudioFrame> written = new CopyOnWriteArrayList<>();
        public final List<VoiceFrames.AudioFrame> played = new CopyOnWriteArrayList<>();
        public final BlockingQueue<VoiceFrames.AudioFrame> queue = new LinkedBlockingQueue<>();
        public volatile int drops;
        public volatile boolean closed;
        private final Thread player = Thread.ofPlatform().daemon().name("fake-voice-out").start(this::play);

        private void play() {
            try {
                while (!closed) {
                    VoiceFrames.AudioFrame f = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (f != null) {
                        played.add(f);
                        TimeUnit.MILLISECONDS.sleep(f.samples().length * 1000L / Math.max(1, f.sampleRate()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void write(VoiceFrames.AudioFrame frame) {
            written.add(frame);
            queue.add(frame);
        }

        @Override
        public void drop() {
            queue.clear();
            drops++;
        }

        @Override
        public void volume(double volume) {}

        @Override
        public void close() {
            closed = true;
            player.interrupt();
        }
    }
}
