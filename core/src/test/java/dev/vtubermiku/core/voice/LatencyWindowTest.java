package dev.vtubermiku.core.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vtubermiku.protocol.LatencyReport;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    private static final long MS = 1_000_000L;

    /** A turn whose stages took these milliseconds, in order, from a speech end at t = 1000 ms. */
    private static TurnTimeline turn(long hangover, long stt, long llmToChunk, long tts, long extra) {
        long end = 1000 * MS;
        long transcript = end + (hangover + stt) * MS;
        long chatStart = transcript + MS;
        long firstChunk = chatStart + llmToChunk * MS;
        long firstAudio = end + (hangover + stt + llmToChunk + tts + extra) * MS;
        return new TurnTimeline(end, hangover * MS, hangover * MS, stt * MS, transcript, chatStart, chatStart + MS, firstChunk, tts * MS, firstAudio);
    }

    @Test
    void theOverheadIsTheFirstAudioLessEveryStage() {
        TurnTimeline t = turn(400, 120, 300, 50, 7);
        assertThat(t.stages().get(TurnTimeline.OVERHEAD)).isEqualTo(7.0);
        assertThat(t.stages().get(TurnTimeline.FIRST_AUDIO)).isEqualTo(877.0);
        assertThat(t.stages().get(TurnTimeline.TRANSCRIPT)).isEqualTo(520.0);
    }

    @Test
    void aStageNotReachedHasNoValue() {
        TurnTimeline t = new TurnTimeline(0, 400 * MS, 400 * MS, 100 * MS, 500 * MS, -1, -1, -1, -1, -1);
        assertThat(t.stages().get(TurnTimeline.FIRST_AUDIO)).isNull();
        assertThat(t.stages().get(TurnTimeline.OVERHEAD)).isNull();
        assertThat(t.stages().get(TurnTimeline.STT)).isEqualTo(100.0);
    }

    @Test
    void percentilesOverTheMostRecentTurnsOnly() {
        LatencyWindow window = new LatencyWindow(100);
        for (int i = 0; i < 50; i++) {
            window.add(turn(400, 100, 100, 100, 1000)); // old, slow turns: pushed out of the window
        }
        for (int i = 1; i <= 100; i++) {
            window.add(turn(400, 100, 100, 100, i));
        }
        LatencyReport report = window.report();
        assertThat(report.turns()).isEqualTo(100);
        LatencyReport.Stage overhead = report.stages().stream().filter(s -> s.name().equals("overhead_ms")).findFirst().orElseThrow();
        assertThat(overhead.count()).isEqualTo(100);
        assertThat(overhead.p50Ms()).isCloseTo(50, within(0.01));
        assertThat(overhead.p95Ms()).isCloseTo(95, within(0.01));
        assertThat(overhead.maxMs()).isCloseTo(100, within(0.01));
    }
}
