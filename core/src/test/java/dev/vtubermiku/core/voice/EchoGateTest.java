package dev.vtubermiku.core.voice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EchoGateTest {

    private static final long MS = 1_000_000L;
    private static final long FRAME = 32 * MS;
    private final VoiceSettings settings = VoiceSettings.DEFAULTS; // 80 ms barge-in, 3 dB margin, 300 ms tail, 60 ms lead

    /** Her voice at {@code rms} from t = 0 for {@code ms}, in 20 ms windows. */
    private static EchoGate speaking(VoiceSettings s, float rms, long ms) {
        EchoGate gate = new EchoGate(s);
        for (long t = 0; t < ms * MS; t += 20 * MS) {
            gate.playing(t, 20 * MS, rms);
        }
        return gate;
    }

    @Test
    void inputIsGatedWhileSheIsAudibleAndForTheEchoTail() {
        EchoGate gate = speaking(settings, 0.1f, 1000);
        assertThat(gate.gated(500 * MS)).isTrue();
        assertThat(gate.gated(1000 * MS + 299 * MS)).isTrue();
        assertThat(gate.gated(1000 * MS + 300 * MS)).isFalse();
    }

    @Test
    void herOwnVoiceAtFullLevelNeverInterruptsHer() {
        EchoGate gate = speaking(settings, 0.2f, 5000);
        for (long t = 0; t < 5000 * MS; t += FRAME) {
            assertThat(gate.bargeIn(t, FRAME, 0.95f, 0.2f)).as("at %d ms", t / MS).isFalse();
        }
    }

    @Test
    void theStreamerLouderThanHerInterruptsOnceTheBargeInTimeIsSpeechOnAverage() {
        EchoGate gate = speaking(settings, 0.05f, 5000);
        long t = 1000 * MS;
        // jfk.wav's first words as Silero scores them: jittery at the onset, speech on average
        assertThat(gate.bargeIn(t, FRAME, 0.17f, 0.3f)).isFalse();
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.51f, 0.3f)).isFalse();
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.49f, 0.3f)).as("80 ms = three 32 ms frames").isTrue();
    }

    @Test
    void noiseThatIsNotSpeechAndSpeechNoLouderThanHerDoNotCount() {
        EchoGate gate = speaking(settings, 0.1f, 5000);
        long t = 1000 * MS;
        for (int i = 0; i < 20; i++) {
            assertThat(gate.bargeIn(t += FRAME, FRAME, 0.05f, 0.5f)).as("a loud clatter").isFalse();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.12f)).as("speech only 1.6 dB over her").isFalse();
        }
        gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.5f);
        gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.5f);
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.1f)).as("one frame at her level breaks it").isFalse();
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.001f)).as("below the noise floor").isFalse();
    }

    @Test
    void whenSheIsSilentAnySpeechCountsAndAfterAStopTheGateIsLifted() {
        EchoGate gate = speaking(settings, 0f, 2000); // the fixture voice speaks silence
        long t = 500 * MS;
        gate.bargeIn(t, FRAME, 0.9f, 0.01f);
        gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.01f);
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.01f)).isTrue();
        gate.stopped(t, true);
        assertThat(gate.gated(t)).isFalse();

        EchoGate ended = speaking(settings, 0.1f, 2000);
        ended.stopped(1000 * MS, false);
        assertThat(ended.gated(1200 * MS)).isTrue(); // the echo of what played still lingers
        assertThat(ended.gated(1300 * MS)).isFalse();
    }
}
