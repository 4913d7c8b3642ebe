package dev.vtubermiku.core.speech;

/**
 * Synthesised speech as 16-bit PCM, mono. The array is shared, not copied: treat it as read-only.
 *
 * @param samples signed 16-bit samples
 * @param sampleRate the voice's rate (22050 Hz for most Piper voices)
 */
public record SpokenAudio(short[] samples, int sampleRate) {

    public SpokenAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate);
        }
    }

    public double seconds() {
        return (double) samples.length / sampleRate;
    }
}
