package dev.vtubermiku.gui.vm;

import java.util.Map;

/**
 * One voice turn's stage times in milliseconds from the end of the streamer's speech (NaN: the
 * turn did not reach that stage), as its {@code speech.*} events carry them.
 */
public record TurnLatency(String turnId, double transcriptMs, double firstTokenMs, double firstChunkMs, double firstAudioMs,
        double overheadMs, boolean interrupted) {


    static TurnLatency of(String turnId, Map<?, ?> latency, boolean interrupted) {
        return new TurnLatency(turnId, ms(latency, "transcript_ms"), ms(latency, "first_token_ms"), ms(latency, "first_chunk_ms"),
                ms(latency, "first_audio_ms"), ms(latency, "overhead_ms"), interrupted);
    }

    private static double ms(Map<?, ?> latency, String key) {
        return latency.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** "123 ms", or "—" for a stage not reached. */
    public static String format(double ms) {
        return Double.isNaN(ms) ? "—" : String.format(java.util.Locale.ROOT, "%.0f ms", ms);
    }
}
