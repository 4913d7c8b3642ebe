package dev.vtubermiku.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClipQualityTest {

    private static float[] speechLike(double noise, int rate) {
        Random random = new Random(7);
        float[] s = new float[rate * 3];
        for (int i = 0; i < s.length; i++) {
            boolean talking = (i / (rate / 4)) % 4 != 3; // pauses a quarter of the time
            double voice = talking ? 0.3 * Math.sin(2 * Math.PI * 180 * i / rate) : 0;
            s[i] = (float) (voice + noise * random.nextGaussian());
        }
        return s;
    }

    @Test
    void cleanSpeechIsGoodNoisySpeechIsPoor() {
        ClipQuality clean = ClipQuality.measure(speechLike(0.001, 22050), 22050, 0, 2.5);
        assertThat(clean.snrDb()).isGreaterThan(25);
        assertThat(clean.grade()).isEqualTo(ClipQuality.Grade.GOOD);
        assertThat(clean.duration()).isEqualTo(3.0);
        ClipQuality noisy = ClipQuality.measure(speechLike(0.1, 22050), 22050, 0, 2.5);
        assertThat(noisy.snrDb()).isLessThan(15);
        assertThat(noisy.grade()).isEqualTo(ClipQuality.Grade.POOR);
    }

    @Test
    void clippingAndLittleSpeechLowerTheGrade() {
        assertThat(ClipQuality.grade(40, 0.02, 0.9)).isEqualTo(ClipQuality.Grade.POOR);
        assertThat(ClipQuality.grade(40, 0.005, 0.9)).isEqualTo(ClipQuality.Grade.FAIR);
        assertThat(ClipQuality.grade(40, 0, 0.2)).isEqualTo(ClipQuality.Grade.POOR);
        assertThat(ClipQuality.grade(20, 0, 0.9)).isEqualTo(ClipQuality.Grade.FAIR);
        assertThat(AudioFilters.clippingRatio(new float[] {1f, -1f, 0.5f, 0f}, 0.999f)).isEqualTo(0.5);
    }

    @Test
    void theHighPassTakesOutAnOffsetAndKeepsTheVoice() {
        int rate = 16000;
        float[] s = new float[rate];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.2 + 0.3 * Math.sin(2 * Math.PI * 300 * i / rate));
        }
        float[] out = AudioFilters.highPass(s, rate, 60);
        double mean = 0;
        double peak = 0;
        for (int i = rate / 2; i < out.length; i++) {
            mean += out[i];
            peak = Math.max(peak, Math.abs(out[i]));
        }
        assertThat(Math.abs(mean / (rate / 2))).isLessThan(0.005);
        assertThat(peak).isBetween(0.28, 0.32);
    }

    @Test
    void edgesAreTrimmedKeepingAHundredMilliseconds() {
        int rate = 10000;
        float[] s = new float[3 * rate];
        for (int i = rate; i < 2 * rate; i++) {
            s[i] = (float) Math.sin(i);
        }
        int[] kept = EdgeTrimmer.trim(s, rate, 0.1, -40);
        assertThat(kept[0]).isEqualTo(rate - 1000);
        assertThat(kept[1]).isEqualTo(2 * rate + 1000);
    }
}
