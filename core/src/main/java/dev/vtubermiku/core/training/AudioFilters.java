package dev.vtubermiku.core.training;

/** The clean-up a recording gets before it is cut into clips. */
public final class AudioFilters {

    private AudioFilters() {}

    /**
     * A copy with DC offset and rumble below {@code cutoffHz} removed: a second-order Butterworth
     * high-pass (RBJ biquad). Microphones and USB interfaces often add an offset or hum that the
     * trainer would otherwise learn as part of the voice.
     */
    public static float[] highPass(float[] samples, int sampleRate, double cutoffHz) {
        if (samples.length == 0) {
            return new float[0];
        }
        double w0 = 2 * Math.PI * Math.min(cutoffHz, sampleRate * 0.45) / sampleRate;
        double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
        double cos = Math.cos(w0);
        double a0 = 1 + alpha;
        double b0 = (1 + cos) / 2 / a0;
        double b1 = -(1 + cos) / a0;
        double b2 = b0;
        double a1 = -2 * cos / a0;
        double a2 = (1 - alpha) / a0;
        // The mean is taken out first, so the filter does not ring on a large offset at the start.
        double mean = 0;
        for (float s : samples) {
            mean += s;
        }
        mean /= samples.length;
        float[] out = new float[samples.length];
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < samples.length; i++) {
            double x = samples[i] - mean;
            double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            out[i] = (float) y;
        }
        return out;
    }

    /** Fraction of samples at or beyond {@code ceiling} in magnitude (0.999: a clipped recording). */
    public static double clippingRatio(float[] samples, float ceiling) {
        if (samples.length == 0) {
            return 0;
        }
        long clipped = 0;
        for (float s : samples) {
            if (Math.abs(s) >= ceiling) {
                clipped++;
            }
        }
        return (double) clipped / samples.length;
    }
}
