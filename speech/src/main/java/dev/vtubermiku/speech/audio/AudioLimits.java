package dev.vtubermiku.speech.audio;

/**
 * What the decoder accepts. Checked while decoding, so a long file is refused before it is all in memory.
 *
 * @param maxChannels more channels than this is refused (speech is mono or stereo)
 * @param maxSeconds a longer recording is refused
 */
public record AudioLimits(int maxChannels, double maxSeconds) {

    public static final AudioLimits DEFAULT = new AudioLimits(2, 600);

    public AudioLimits {
        if (maxChannels < 1 || !(maxSeconds > 0)) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    void checkChannels(int channels, String format) throws BadAudioException {
        if (channels < 1) {
            throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The " + format + " file says it has " + channels + " channels.");
        }
        if (channels > maxChannels) {
            throw new BadAudioException(BadAudioException.Reason.OUT_OF_LIMITS, "The " + format + " file has " + channels
                    + " channels; at most " + maxChannels + " are accepted (mono or stereo speech).");
        }
    }

    void checkLength(long frames, int sampleRate) throws BadAudioException {
        double seconds = (double) frames / sampleRate;
        if (seconds > maxSeconds) {
            throw new BadAudioException(BadAudioException.Reason.OUT_OF_LIMITS, String.format(java.util.Locale.ROOT,
                    "The recording is longer than the %.0f seconds accepted.", maxSeconds));
        }
    }
}
