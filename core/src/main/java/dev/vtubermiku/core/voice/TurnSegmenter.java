package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.VadSettings;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Finds the streamer's turns in a live stream of scored frames: a turn starts at a frame at or above
 * the speech threshold and ends once the probability has stayed below the end threshold (Silero's
 * hysteresis) for {@code endSilenceMs}; a turn with less than the minimum speech is dropped. The
 * turn's audio is kept from a short pre-roll before its start to its end, for Whisper. Incremental:
 * each frame costs the same, whatever the length of the stream. One thread at a time.
 */
public final class TurnSegmenter {

    /** What a frame changed. */
    public sealed interface Signal {
        /** Speech has lasted the minimum: the streamer is talking (sent once per turn). */
        record SpeechStarted() implements Signal {}

        /**
         * The turn ended.
         *
         * @param audio the turn's samples, pre-roll included, up to the end of speech plus a little padding
         * @param hangoverSamples samples between the end of speech and this frame's end (the silence waited for)
         */
        record TurnEnded(float[] audio, long hangoverSamples) implements Signal {}

        /**
         * The speech has paused for the speculation pause: the turn may be ending. {@code audio} is
         * what {@link TurnEnded} will carry if the silence lasts (the same samples), so work on it can
         * start before the end is confirmed.
         *
         * @param silenceSamples samples of silence after the end of speech so far
         */
        record Paused(float[] audio, long silenceSamples) implements Signal {}

        /** The streamer spoke again after a {@link Paused}: it was a pause, not the end. */
        record Resumed() implements Signal {}
    }

    private final VadSettings vad;
    private final long endSilence;
    private final long minSpeech;
    private final long maxTurn;
    private final long pad;
    private final long pause; // silence after which a Paused is signalled; 0: never
    private final float[] preRoll;
    private int preRollFilled;

    private float[] turn = new float[16_000];
    private int turnLength;
    private boolean triggered;
    private boolean announced;
    private long speechSamples; // of the open turn, from its start to the last speech frame
    private long silence = -1; // samples of silence at the end of the open turn, -1: none yet
    private boolean paused; // a Paused was signalled for the current silence

    public TurnSegmenter(VadSettings vad, int sampleRate, int endSilenceMs, int maxTurnMs, int preRollMs) {
        this(vad, sampleRate, endSilenceMs, maxTurnMs, preRollMs, 0);
    }

    /**
     * @param pauseMs silence after which {@link Signal.Paused} is signalled (at least Silero's pad, so
     *     that its audio is the turn's as it would end); 0, or not shorter than {@code endSilenceMs}: never
     */
    public TurnSegmenter(VadSettings vad, int sampleRate, int endSilenceMs, int maxTurnMs, int preRollMs, int pauseMs) {
        this.vad = vad;
        this.endSilence = (long) sampleRate * endSilenceMs / 1000;
        this.minSpeech = (long) sampleRate * vad.minSpeechMs() / 1000;
        this.maxTurn = (long) sampleRate * maxTurnMs / 1000;
        this.pad = (long) sampleRate * Math.min(vad.speechPadMs(), endSilenceMs) / 1000;
        this.preRoll = new float[Math.max(1, sampleRate * preRollMs / 1000)];
        long p = Math.max((long) sampleRate * pauseMs / 1000, pad);
        this.pause = pauseMs <= 0 || p >= endSilence ? 0 : p;
    }

    /** The next frame and its speech probability; returns what it changed, or null. */
    public @Nullable Signal push(float[] frame, float probability) {
        if (!triggered) {
            if (probability < vad.threshold()) {
                remember(frame);
                return null;
            }
            triggered = true;
            announced = false;
            speechSamples = 0;
            silence = -1;
            paused = false;
            turnLength = 0;
            append(preRoll, 0, preRollFilled);
            preRollFilled = 0;
        }
        append(frame, 0, frame.length);
        boolean resumed = false;
        if (probability >= vad.threshold()) {
            silence = -1;
            speechSamples = turnLength;
            resumed = paused;
            paused = false;
        } else if (probability < vad.endThreshold()) {
            silence = silence < 0 ? frame.length : silence + frame.length;
        } else if (silence >= 0) {
            silence += frame.length; // between the thresholds: keeps whatever it is in
        }
        boolean tooLong = turnLength >= maxTurn;
        if (silence >= endSilence || tooLong) {
            triggered = false;
            paused = false;
            long hangover = silence < 0 ? 0 : silence;
            long spoken = speechSamples;
            float[] audio = Arrays.copyOf(turn, endOfSpeech());
            remember(frame);
            if (spoken < minSpeech && !tooLong) {
                return null; // a click or a cough
            }
            return new Signal.TurnEnded(audio, hangover);
        }
        if (!announced && speechSamples >= minSpeech) {
            announced = true;
            return new Signal.SpeechStarted();
        }
        if (resumed) {
            return new Signal.Resumed();
        }
        if (pause > 0 && !paused && announced && silence >= pause) {
            paused = true;
            return new Signal.Paused(Arrays.copyOf(turn, endOfSpeech()), silence);
        }
        return null;
    }

    /** Where the open turn's audio would end now: its speech and the pad after it. */
    private int endOfSpeech() {
        long hangover = silence < 0 ? 0 : silence;
        return (int) Math.min(turnLength, turnLength - hangover + pad);
    }

    /** Whether a turn is open (speech heard and not yet ended by silence). */
    public boolean inSpeech() {
        return triggered;
    }

    /** Forgets the open turn and the pre-roll, e.g. after her own voice was all it could have heard. */
    public void reset() {
        triggered = false;
        announced = false;
        paused = false;
        turnLength = 0;
        preRollFilled = 0;
        silence = -1;
    }

    /**
     * Puts audio in front of the next turn: the previous turn whose reply was abandoned because the
     * streamer went on talking, so that Whisper hears all of it at once.
     */
    public void prepend(float[] earlier) {
        float[] open = Arrays.copyOf(turn, turnLength);
        turnLength = 0;
        append(earlier, 0, earlier.length);
        append(open, 0, open.length);
        if (triggered) {
            speechSamples += earlier.length;
        }
    }

    private void append(float[] samples, int from, int to) {
        int n = to - from;
        if (turnLength + n > turn.length) {
            turn = Arrays.copyOf(turn, Math.max(turn.length * 2, turnLength + n));
        }
        System.arraycopy(samples, from, turn, turnLength, n);
        turnLength += n;
    }

    private void remember(float[] frame) {
        int n = Math.min(frame.length, preRoll.length);
        int keep = Math.min(preRollFilled, preRoll.length - n);
        System.arraycopy(preRoll, preRollFilled - keep, preRoll, 0, keep);
        System.arraycopy(frame, frame.length - n, preRoll, keep, n);
        preRollFilled = keep + n;
    }
}
