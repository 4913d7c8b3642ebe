package dev.vtubermiku.core.speech;

/**
 * Loudness over time: the RMS of each window of a signal. At 20 ms windows it is the curve that
 * moves her mouth (lip-sync, sent with {@code speech.started}), that the echo gate compares the
 * microphone against, and that clip planning and quality scoring read. One implementation for all,
 * so they agree on what "how loud, when" means.
 */
public final class LoudnessEnvelope {

    /** The lip-sync window: one value per 20 ms. */
    public static final int WINDOW_MS = 20;

    private LoudnessEnvelope() {}

    /** Samples in one 20 ms window at this rate (at least one). */
    public static int windowSamples(int sampleRate) {
        return Math.max(1, sampleRate * WINDOW_MS / 1000);
    }

    /**
     * Loudness per 20 ms window of 16-bit speech (RMS, 0..1, to three decimals: what a client animates
     * with); index i covers [i·20 ms, (i+1)·20 ms), the last window may be shorter.
     */
    public static float[] lipSync(short[] samples, int sampleRate) {
        float[] f = new float[samples.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = samples[i] / 32768f; // exact: a 16-bit value over a power of two
        }
        int window = windowSamples(sampleRate);
        float[] out = new float[(f.length + window - 1) / window];
        for (int w = 0; w < out.length; w++) {
            int from = w * window;
            out[w] = (float) (Math.round(rms(f, from, Math.min(f.length, from + window)) * 1000) / 1000.0);
        }
        return out;
    }

    /** RMS per window of {@code windowSamples} over {@code [from, to)}; the last window may be shorter. */
    public static float[] windowRms(float[] samples, int from, int to, int windowSamples) {
        int n = Math.max(0, (to - from + windowSamples - 1) / windowSamples);
        float[] out = new float[n];
        for (int w = 0; w < n; w++) {
            int a = from + w * windowSamples;
            out[w] = (float) rms(samples, a, Math.min(to, a + windowSamples));
        }
        return out;
    }

    /** RMS of {@code [from, to)}; 0 when it is empty. */
    public static double rms(float[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return to > from ? Math.sqrt(sum / (to - from)) : 0;
    }
}
