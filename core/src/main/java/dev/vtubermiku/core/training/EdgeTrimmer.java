package dev.vtubermiku.core.training;

import dev.vtubermiku.core.speech.LoudnessEnvelope;

/**
 * Trims silence at the edges of a clip, keeping a little of it: a clip that starts or ends with a
 * long silence teaches the voice to pause. Silence is judged against the clip's own loudest frame.
 */
public final class EdgeTrimmer {

    private static final double FRAME_SECONDS = 0.01;

    private EdgeTrimmer() {}

    /**
     * The sample range [from, to) of {@code samples} to keep.
     *
     * @param keepSeconds silence kept before the first and after the last audible frame
     * @param silenceDb a frame this far below the loudest frame counts as silence (e.g. -40)
     */
    public static int[] trim(float[] samples, int sampleRate, double keepSeconds, double silenceDb) {
        int window = Math.max(1, (int) Math.round(sampleRate * FRAME_SECONDS));
        float[] rms = LoudnessEnvelope.windowRms(samples, 0, samples.length, window);
        float loudest = 0;
        for (float r : rms) {
            loudest = Math.max(loudest, r);
        }
        if (loudest <= 0) {
            return new int[] {0, samples.length};
        }
        double threshold = loudest * Math.pow(10, silenceDb / 20);
        int first = 0;
        while (first < rms.length && rms[first] < threshold) {
            first++;
        }
        int last = rms.length - 1;
        while (last > first && rms[last] < threshold) {
            last--;
        }
        int keep = (int) Math.round(keepSeconds * sampleRate);
        int from = Math.max(0, first * window - keep);
        int to = Math.min(samples.length, (last + 1) * window + keep);
        return new int[] {from, Math.max(from, to)};
    }
}
