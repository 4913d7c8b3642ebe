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
    void theStreamerLouderThanHerInterruptsAfterTheBargeInTimeEvenWithDipsBetweenSyllables() {
        EchoGate gate = speaking(settings, 0.05f, 5000);
        long t = 1000 * MS;
        assertThat(gate.bargeIn(t, FRAME, 0.9f, 0.3f)).isFalse(); // 32 ms
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.4f, 0.3f)).isFalse(); // a dip: 16 ms
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.3f)).isFalse(); // 48 ms
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.3f)).isTrue(); // 80 ms
    }

    @Test
    void silenceStartsTheCountAgainAndQuietSpeechDoesNotCount() {
        EchoGate gate = speaking(settings, 0.1f, 5000);
        long t = 1000 * MS;
        gate.bargeIn(t, FRAME, 0.9f, 0.5f);
        gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.5f);
        gate.bargeIn(t += FRAME, FRAME, 0.1f, 0.001f); // a pause
        assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.5f)).isFalse();
        for (int i = 0; i < 20; i++) {
            assertThat(gate.bargeIn(t += FRAME, FRAME, 0.9f, 0.12f)).isFalse(); // only 1.6 dB over her
        }
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
