package dev.vtubermiku.core.speech;

/**
 * One channel of audio as floats in [-1, 1]. The array is shared, not copied: treat it as read-only.
 *
 * @param samples the samples, one per 1/sampleRate seconds
 * @param sampleRate samples per second
 */
public record MonoAudio(float[] samples, int sampleRate) {

    public MonoAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate);
        }
    }

    public double seconds() {
        return (double) samples.length / sampleRate;
    }
}
