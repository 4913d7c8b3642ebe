package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.Transcript;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Whisper for tests: hears whatever it was told the streamer says, and keeps the audio it got. Once
 * {@link #hold held}, each transcription returns only when the test {@link #release releases} it.
 */
final class ScriptedSpeechToText implements SpeechToText {

    private final String text;
    final List<MonoAudio> heard = new CopyOnWriteArrayList<>();
    private final Semaphore released = new Semaphore(0);
    private volatile boolean held;

    ScriptedSpeechToText(String text) {
        this.text = text;
    }

    @Override
    public int sampleRate() {
        return 16_000;
    }

    @Override
    public boolean multilingual() {
        return false;
    }

    /** From now on every transcription waits for a {@link #release}. */
    void hold() {
        held = true;
    }

    /** Lets one waiting (or the next) transcription return. */
    void release() {
        released.release();
    }

    /** Waits until {@code n} transcriptions have been asked for. */
    void awaitCalls(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (heard.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Whisper was asked " + heard.size() + " times, not " + n);
            }
            Thread.sleep(1);
        }
    }

    @Override
    public Transcript transcribe(MonoAudio audio, @Nullable String language) {
        heard.add(audio);
        if (held) {
            try {
                if (!released.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released this transcription");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new Transcript(text, "en", List.of(new Transcript.Segment(0, audio.seconds(), text)), audio.seconds());
    }
}
