package dev.vtubermiku.speech.audio;

/** Loudness measures and normalisation on float samples in [-1, 1]. */
public final class Loudness {

    private Loudness() {}

    /** The largest absolute sample. */
    public static float peak(float[] samples) {
        float peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }

    /** Root mean square over the whole signal, in dBFS (-infinity for silence). */
    public static double rmsDb(float[] samples) {
        return toDb(rms(samples, 0, samples.length));
    }

    static double rms(float[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return to > from ? Math.sqrt(sum / (to - from)) : 0;
    }

    static double toDb(double linear) {
        return 20 * Math.log10(linear);
    }

    /**
     * A copy brought to {@code targetRmsDb} (e.g. -20 dBFS), with the gain lowered where it would
     * push a peak above {@code peakCeilingDb} and capped at {@code maxGainDb} so that near-silence is
     * not blown up into noise.
     */
    public static float[] normalize(float[] samples, double targetRmsDb, double peakCeilingDb, double maxGainDb) {
        double rms = rms(samples, 0, samples.length);
        float[] out = samples.clone();
        if (rms <= 0) {
            return out;
        }
        double gainDb = Math.min(maxGainDb, targetRmsDb - toDb(rms));
        double peak = peak(samples);
        if (peak > 0) {
            gainDb = Math.min(gainDb, peakCeilingDb - toDb(peak));
        }
        float gain = (float) Math.pow(10, gainDb / 20);
        for (int i = 0; i < out.length; i++) {
            out[i] *= gain;
        }
        return out;
    }

    /**
     * Loudness per 20 ms window (RMS, linear 0..1), for lip-sync: index i covers
     * [i * 20 ms, (i + 1) * 20 ms).
     */
    public static float[] envelope(float[] samples, int sampleRate) {
        int window = Math.max(1, sampleRate / 50);
        int n = (samples.length + window - 1) / window;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int from = i * window;
            out[i] = (float) rms(samples, from, Math.min(samples.length, from + window));
        }
        return out;
    }

    /** The same for 16-bit samples. */
    public static float[] envelope(short[] samples, int sampleRate) {
        float[] f = new float[samples.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = samples[i] / 32768f;
        }
        return envelope(f, sampleRate);
    }
}
