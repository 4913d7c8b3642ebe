package dev.vtubermiku.core.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LoudnessEnvelopeTest {

    @Test
    void lipSyncHasOneValuePer20MsAndTheLastWindowMayBeShorter() {
        short[] samples = new short[22_050 / 50 * 3 + 10]; // three whole windows at 22050 Hz and a bit
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i < 441 ? 0 : i % 2 == 0 ? 16_384 : -16_384); // silence, then half scale
        }

        float[] envelope = LoudnessEnvelope.lipSync(samples, 22_050);

        assertThat(LoudnessEnvelope.windowSamples(22_050)).isEqualTo(441);
        assertThat(envelope).containsExactly(0f, 0.5f, 0.5f, 0.5f);
    }

    @Test
    void lipSyncValuesAreRoundedToThreeDecimals() {
        short[] samples = new short[320];
        java.util.Arrays.fill(samples, (short) 1_000); // 0.030517… of full scale

        assertThat(LoudnessEnvelope.lipSync(samples, 16_000)).containsExactly(0.031f);
    }

    @Test
    void windowRmsCoversTheRangeAskedFor() {
        float[] samples = {0, 0, 3, 4, 1, 1, 1, 1, 2};

        float[] rms = LoudnessEnvelope.windowRms(samples, 2, 9, 2);

        assertThat(rms).hasSize(4);
        assertThat(rms[0]).isCloseTo((float) Math.sqrt(12.5), within(1e-6f));
        assertThat(rms[1]).isEqualTo(1f);
        assertThat(rms[3]).as("the last window holds one sample").isEqualTo(2f);
        assertThat(LoudnessEnvelope.rms(samples, 4, 4)).as("nothing to measure").isZero();
    }
}
