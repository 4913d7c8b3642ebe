package dev.vtubermiku.protocol;

import java.util.List;

/**
 * {@code GET /api/metrics/latency}: the voice loop's latency per stage over the most recent turns.
 * Every stage is measured from the end of the streamer's speech (as VAD placed it), except
 * {@code stt_ms} (Whisper's own time) and {@code vad_hangover_ms} (the silence waited for).
 *
 * @param turns turns in the window
 * @param window the most turns kept
 */
public record LatencyReport(int turns, int window, List<Stage> stages) {

    /** One stage: how many turns reached it and its percentiles in milliseconds. */
    public record Stage(String name, int count, double p50Ms, double p95Ms, double maxMs) {}
}
