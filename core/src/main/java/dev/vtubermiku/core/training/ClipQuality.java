package dev.vtubermiku.core.training;

import dev.vtubermiku.core.speech.LoudnessEnvelope;
import java.util.Arrays;
import java.util.Locale;

/**
 * How good a clip is for training, with the measures the grade is made from.
 *
 * @param duration seconds
 * @param snrDb estimated signal-to-noise ratio: loud frames (90th percentile) over quiet ones (10th), capped at 60
 * @param clippingRatio fraction of the source's samples at full scale within the clip
 * @param speechRatio fraction of the clip the voice detector heard as speech
 */
public record ClipQuality(double duration, double snrDb, double clippingRatio, double speechRatio, Grade grade) {

    /** good: train on it; fair: usable; poor: likely to hurt the voice (noise, clipping, little speech). */
    public enum Grade {
        GOOD,
        FAIR,
        POOR;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Grade parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    static final double MAX_SNR_DB = 60;

    /** Measures a clip at its final rate. */
    public static ClipQuality measure(float[] samples, int sampleRate, double clippingRatio, double speechSeconds) {
        double duration = (double) samples.length / sampleRate;
        double snr = snrDb(samples, sampleRate);
        double speechRatio = duration > 0 ? Math.min(1, speechSeconds / duration) : 0;
        return new ClipQuality(duration, snr, clippingRatio, speechRatio, grade(snr, clippingRatio, speechRatio));
    }

    /** The rules, kept in one place so the docs can quote them: VOICE_TRAINING.md, Quality. */
    public static Grade grade(double snrDb, double clippingRatio, double speechRatio) {
        if (snrDb < 15 || clippingRatio > 0.01 || speechRatio < 0.3) {
            return Grade.POOR;
        }
        if (snrDb >= 25 && clippingRatio <= 0.001 && speechRatio >= 0.6) {
            return Grade.GOOD;
        }
        return Grade.FAIR;
    }

    static double snrDb(float[] samples, int sampleRate) {
        float[] rms = LoudnessEnvelope.windowRms(samples, 0, samples.length, LoudnessEnvelope.windowSamples(sampleRate));
        if (rms.length < 2) {
            return 0;
        }
        float[] sorted = rms.clone();
        Arrays.sort(sorted);
        double noise = sorted[(int) Math.floor(0.1 * (sorted.length - 1))];
        double signal = sorted[(int) Math.ceil(0.9 * (sorted.length - 1))];
        if (signal <= 0) {
            return 0;
        }
        if (noise <= signal * Math.pow(10, -MAX_SNR_DB / 20)) {
            return MAX_SNR_DB;
        }
        return 20 * Math.log10(signal / noise);
    }
}
