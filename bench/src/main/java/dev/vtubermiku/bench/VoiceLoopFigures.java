package dev.vtubermiku.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link VoiceLoopBench}'s configurations, per-turn figures and report: a stage table per
 * configuration, one line per configuration to compare the levers, the targets (judged on the
 * default settings) and the summary line.
 */
final class VoiceLoopFigures {

    static final double OURS_P50_MS = 700;
    static final double OVERHEAD_P50_MS = 15;
    static final double LENGTH_RATIO = 1.1;
    static final double BARGE_IN_MS = 200;

    private VoiceLoopFigures() {}

    /**
     * One configuration of the loop, each lever alone and together: {@code live} false runs the turn's
     * Whisper as batch work (its share of the cores, as before issue 14); {@code env} the settings.
     */
    record Mode(String name, boolean live, Map<String, String> env) {
        static final Mode BEFORE = new Mode("before (no speculation, 1 thread per STT worker)", false, Map.of("VOICE_SPECULATE_MS", "0"));
        static final Mode ALL_CORES = new Mode("all cores for the live turn only", true, Map.of("VOICE_SPECULATE_MS", "0"));
        static final Mode SPECULATION = new Mode("speculative turn end only", false, Map.of());
        static final Mode DEFAULT = new Mode("DEFAULT settings (speculation + all cores)", true, Map.of());
        static final Mode AUDIO_CTX = new Mode("default + STT_AUDIO_CTX=256 (opt-in, less accurate)", true,
                Map.of("STT_AUDIO_CTX", "256"));
        static final List<Mode> ALL = List.of(BEFORE, ALL_CORES, SPECULATION, DEFAULT, AUDIO_CTX);
    }

    /** One measured turn. */
    record Turn(int words, Map<String, Double> stages, double llmOwnToChunkMs, double clientFirstAudioMs) {
        /** First audio less the stages on its path: the later of (Whisper's wait + Whisper) and the hangover, LLM, Piper. */
        double overheadMs() {
            double hangover = stages.get("vad_hangover_ms");
            double heard = Math.max(stages.getOrDefault("stt_wait_ms", hangover) + stages.get("stt_ms"), hangover);
            return stages.get("first_audio_ms") - heard - llmOwnToChunkMs - stages.get("tts_first_chunk_ms");
        }

        /** What is not the LLM's own time: issue 14's figure. */
        double oursMs() {
            return stages.get("first_audio_ms") - llmOwnToChunkMs;
        }
    }

    /** One configuration's stage table. */
    static void stages(List<Turn> turns) {
        System.out.println("stage (ms, from the VAD's speech end unless a duration)   p50      p95      max");
        for (String stage : List.of("vad_hangover_ms", "stt_wait_ms", "stt_ms", "transcript_ms", "first_token_ms", "first_chunk_ms",
                "llm_first_chunk_ms", "tts_first_chunk_ms", "first_audio_ms", "overhead_ms")) {
            row(stage + (stage.equals("overhead_ms") ? " (as the loop reports it)" : ""),
                    turns.stream().filter(t -> t.stages().containsKey(stage)).map(t -> t.stages().get(stage)).toList());
        }
        row("LLM's own time to the first chunk (fake server)", turns.stream().map(Turn::llmOwnToChunkMs).toList());
        row("OUR OVERHEAD = first audio - (heard + LLM own + TTS)", turns.stream().map(Turn::overheadMs).toList());
        row("OURS = first audio - LLM's own time (target <= 700)", turns.stream().map(Turn::oursMs).toList());
        row("first audio as the client saw it (from the phrase's end)", turns.stream().map(Turn::clientFirstAudioMs).toList());
    }

    private static double ratio(List<Turn> turns) {
        double short20 = median(turns.stream().filter(t -> t.words() == 20).map(t -> t.stages().get("first_audio_ms")).toList());
        double long200 = median(turns.stream().filter(t -> t.words() == 200).map(t -> t.stages().get("first_audio_ms")).toList());
        return long200 / short20;
    }

    static int report(Map<Mode, List<Turn>> byMode, List<Long> bargeStop, List<Long> bargeEvent, double onsetSeconds) {
        System.out.println();
        System.out.println("configuration (p50 ms)                                  stt_wait   stt  first_audio llm_own   ours  overhead");
        for (var e : byMode.entrySet()) {
            List<Turn> t = e.getValue();
            System.out.printf(Locale.ROOT, "%-55s %7.1f %7.1f %9.1f %7.1f %7.1f %7.1f%n", e.getKey().name(),
                    median(t.stream().map(x -> x.stages().getOrDefault("stt_wait_ms", 0.0)).toList()),
                    median(t.stream().map(x -> x.stages().get("stt_ms")).toList()),
                    median(t.stream().map(x -> x.stages().get("first_audio_ms")).toList()),
                    median(t.stream().map(Turn::llmOwnToChunkMs).toList()), median(t.stream().map(Turn::oursMs).toList()),
                    median(t.stream().map(Turn::overheadMs).toList()));
        }
        List<Turn> turns = byMode.get(Mode.DEFAULT);
        double ratio = ratio(turns);
        System.out.printf(Locale.ROOT, "default settings, first audio p50 200-word / 20-word reply: ratio %.3f (target <= %.1f)%n",
                ratio, LENGTH_RATIO);
        List<Double> stop = bargeStop.stream().map(n -> n / 1e6).toList();
        List<Double> event = bargeEvent.stream().map(n -> n / 1e6).toList();
        if (!stop.isEmpty()) {
            System.out.printf(Locale.ROOT, "barge-in: the streamer's speech starts at %.3f s of jfk.wav (Silero's first speech frame)%n",
                    onsetSeconds);
            row("barge-in: streamer's first frame -> her last frame (turn end)", stop);
            row("barge-in: streamer's first frame -> speech.finished interrupted", event);
        }
        double overheadP50 = median(turns.stream().map(Turn::overheadMs).toList());
        double oursP50 = median(turns.stream().map(Turn::oursMs).toList());
        double bargeP50 = stop.isEmpty() ? 0 : median(stop);
        boolean ok = oursP50 <= OURS_P50_MS && overheadP50 <= OVERHEAD_P50_MS && ratio <= LENGTH_RATIO && bargeP50 <= BARGE_IN_MS;
        System.out.printf(Locale.ROOT, "targets (default settings): first audio - LLM own p50 %.1f ms (<= %.0f), overhead p50 %.1f ms "
                + "(<= %.0f), ratio %.3f (<= %.1f), barge-in p50 %.0f ms (<= %.0f): %s%n", oursP50, OURS_P50_MS, overheadP50,
                OVERHEAD_P50_MS, ratio, LENGTH_RATIO, bargeP50, BARGE_IN_MS, ok ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "voice-loop: first_audio_p50_ms=%.1f llm_own_p50_ms=%.1f ours_p50_ms=%.1f ratio_long_short=%.3f "
                + "barge_in_p50_ms=%.1f overhead_p50_ms=%.1f%n",
                median(turns.stream().map(x -> x.stages().get("first_audio_ms")).toList()),
                median(turns.stream().map(Turn::llmOwnToChunkMs).toList()), oursP50, ratio, bargeP50, overheadP50);
        return ok ? 0 : 1;
    }

    static void row(String name, List<Double> values) {
        long[] micros = values.stream().mapToLong(v -> Math.round(v * 1000)).toArray();
        Samples s = new Samples(micros);
        System.out.printf(Locale.ROOT, "%-64s %7.1f  %7.1f  %7.1f%n", name, s.percentile(50) / 1000.0, s.percentile(95) / 1000.0,
                s.max() / 1000.0);
    }

    static double median(List<Double> values) {
        return new Samples(values.stream().mapToLong(v -> Math.round(v * 1000)).toArray()).median() / 1000.0;
    }

}
