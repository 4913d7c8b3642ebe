package dev.vtubermiku.speech.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resampler keeps tones where they are and removes what the new rate cannot hold. */
class ResamplerTest {

    static float[] tone(double hz, int rate, double seconds) {
        float[] s = new float[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Power of {@code hz} in the signal by correlation (a single DFT bin at any frequency). */
    static double amplitude(float[] s, int rate, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < s.length; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (s.length - 1)); // Hann, against leakage
            re += s[i] * w * Math.cos(2 * Math.PI * hz * i / rate);
            im += s[i] * w * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return 4 * Math.hypot(re, im) / s.length;
    }

    static double rmsDb(float[] s) {
        return Loudness.rmsDb(s);
    }

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"48000, 16000", "44100, 16000", "22050, 16000", "48000, 22050", "44100, 22050", "16000, 22050"})
    void aOneKilohertzToneStaysWithinHalfAHertz(int from, int to) {
        float[] out = new Resampler(from, to).process(tone(1000, from, 2.0));
        assertThat(out.length).isCloseTo((int) (2.0 * to), within(1));
        float[] middle = Arrays.copyOfRange(out, to / 4, out.length - to / 4); // away from the edges
        assertThat(AudioDecoderTest.frequency(middle, to)).isCloseTo(1000, within(0.5));
        assertThat(amplitude(middle, to, 1000)).isCloseTo(0.5, within(0.01));
    }

    @ParameterizedTest(name = "{0} -> {1} Hz, tone at {2} Hz")
    @CsvSource({"48000, 16000, 9000", "44100, 16000, 8500", "48000, 16000, 12000", "44100, 22050, 12000",
            "48000, 22050, 15000"})
    void aToneAboveTheNewNyquistIsAttenuatedByAtLeast60Db(int from, int to, int hz) {
        float[] in = tone(hz, from, 1.0);
        float[] out = new Resampler(from, to).process(in);
        float[] middle = Arrays.copyOfRange(out, to / 10, out.length - to / 10);
        double attenuation = rmsDb(Arrays.copyOfRange(in, from / 10, in.length - from / 10)) - rmsDb(middle);
        assertThat(attenuation).as("attenuation of %d Hz going %d -> %d", hz, from, to).isGreaterThanOrEqualTo(60);
    }
}
