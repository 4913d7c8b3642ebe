package dev.vtubermiku.core.speech;

/**
 * How speech probabilities become segments (the rules of Silero's own {@code get_speech_timestamps}).
 *
 * @param threshold a frame at or above this probability is speech; speech ends below threshold - 0.15
 * @param minSpeechMs segments shorter than this are dropped
 * @param minSilenceMs a segment ends only after this much silence
 * @param speechPadMs added before and after each segment (without overlapping the next)
 */
public record VadSettings(double threshold, int minSpeechMs, int minSilenceMs, int speechPadMs) {

    public static final VadSettings DEFAULTS = new VadSettings(0.5, 250, 100, 30);

    public VadSettings {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, was " + threshold);
        }
        if (minSpeechMs < 0 || minSilenceMs < 0 || speechPadMs < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Where speech ends: Silero's hysteresis, so a probability hovering at the threshold does not flicker. */
    public double endThreshold() {
        return Math.max(0.01, threshold - 0.15);
    }
}
