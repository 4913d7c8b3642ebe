package dev.vtubermiku.speech.audio;

import dev.vtubermiku.core.speech.LoudnessEnvelope;

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
        return toDb(LoudnessEnvelope.rms(samples, 0, samples.length));
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
        double rms = LoudnessEnvelope.rms(samples, 0, samples.length);
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
}
