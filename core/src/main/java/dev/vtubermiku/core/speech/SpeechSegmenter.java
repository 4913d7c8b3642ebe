package dev.vtubermiku.core.speech;

import java.util.List;

/**
 * Turns per-frame speech probabilities into speech segments as they arrive, by the rules of
 * Silero's {@code get_speech_timestamps}: speech starts at a frame at or above the threshold and
 * ends at the first frame below the end threshold that is followed by at least the minimum
 * silence; short segments are dropped; padding widens each segment without overlapping the last.
 * Whatever scores the frames (Silero, an energy meter) shares these rules. One thread at a time.
 */
public final class SpeechSegmenter {

    private final VadSettings settings;
    private final int sampleRate;
    private final int frameSamples;
    private final long minSpeech;
    private final long minSilence;
    private final long pad;

    private long frame;
    private boolean triggered;
    private long start;
    private long silenceStart = -1;
    private long lastEnd;

    /**
     * @param frameSamples how many samples each probability stands for
     */
    public SpeechSegmenter(VadSettings settings, int sampleRate, int frameSamples) {
        this.settings = settings;
        this.sampleRate = sampleRate;
        this.frameSamples = frameSamples;
        this.minSpeech = (long) sampleRate * settings.minSpeechMs() / 1000;
        this.minSilence = (long) sampleRate * settings.minSilenceMs() / 1000;
        this.pad = (long) sampleRate * settings.speechPadMs() / 1000;
    }

    /** The next frame's probability; returns the segment that ended with it, if any. */
    public List<SpeechSegment> push(double probability) {
        long position = frame * frameSamples;
        frame++;
        if (probability >= settings.threshold()) {
            silenceStart = -1;
            if (!triggered) {
                triggered = true;
                start = position;
            }
            return List.of();
        }
        if (triggered && probability < settings.endThreshold()) {
            if (silenceStart < 0) {
                silenceStart = position;
            }
            if (position - silenceStart >= minSilence) {
                long end = silenceStart;
                triggered = false;
                silenceStart = -1;
                return emit(start, end, Long.MAX_VALUE);
            }
        }
        return List.of();
    }

    /** The stream ended after {@code totalSamples}: the open segment, if any, ends there. */
    public List<SpeechSegment> finish(long totalSamples) {
        if (!triggered) {
            return List.of();
        }
        triggered = false;
        silenceStart = -1;
        return emit(start, totalSamples, totalSamples);
    }

    public boolean inSpeech() {
        return triggered;
    }

    private List<SpeechSegment> emit(long from, long to, long limit) {
        if (to - from <= minSpeech) {
            return List.of();
        }
        long padded = Math.max(lastEnd, Math.max(0, from - pad));
        long paddedEnd = Math.min(limit, to + pad);
        lastEnd = paddedEnd;
        return List.of(new SpeechSegment((double) padded / sampleRate, (double) paddedEnd / sampleRate));
    }
}
