package dev.vtubermiku.core.voice;

import dev.vtubermiku.protocol.LatencyReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The latency of the most recent voice turns, for {@code GET /api/metrics/latency}: a bounded window
 * (old turns say little about now), percentiles by sorting it on request. Thread-safe.
 */
public final class LatencyWindow {

    private final int capacity;
    private final ArrayDeque<Map<String, Double>> turns = new ArrayDeque<>();

    public LatencyWindow(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(TurnTimeline latency) {
        Map<String, Double> stages = new java.util.LinkedHashMap<>();
        latency.stages().forEach((k, v) -> {
            if (v != null) {
                stages.put(k, v);
            }
        });
        turns.addLast(stages);
        while (turns.size() > capacity) {
            turns.removeFirst();
        }
    }

    public synchronized LatencyReport report() {
        List<LatencyReport.Stage> stages = new ArrayList<>();
        for (String name : List.of(TurnTimeline.VAD_HANGOVER, TurnTimeline.STT_WAIT, TurnTimeline.STT, TurnTimeline.TRANSCRIPT, TurnTimeline.FIRST_TOKEN,
                TurnTimeline.FIRST_CHUNK, TurnTimeline.LLM_FIRST_CHUNK, TurnTimeline.TTS_FIRST_CHUNK, TurnTimeline.FIRST_AUDIO,
                TurnTimeline.OVERHEAD)) {
            double[] values = turns.stream().filter(t -> t.containsKey(name)).mapToDouble(t -> t.get(name)).toArray();
            Arrays.sort(values);
            stages.add(new LatencyReport.Stage(name, values.length, percentile(values, 50), percentile(values, 95),
                    values.length == 0 ? 0 : values[values.length - 1]));
        }
        return new LatencyReport(turns.size(), capacity, stages);
    }

    /** Nearest-rank percentile; 0 for no values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
