package dev.vtubermiku.core.voice;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * When each stage of one voice turn was reached, in nanoseconds of one clock; -1 where a stage was
 * not reached. The speech end is where VAD placed the end of the streamer's speech, before the
 * silence it waited for. {@code sttWaitNanos} is the silence after it at which Whisper was asked:
 * the whole hangover, or less when Whisper started on a pause before the end was confirmed.
 */
public record TurnTimeline(
        long speechEnd,
        long vadHangoverNanos,
        long sttWaitNanos,
        long sttNanos,
        long transcript,
        long chatStart,
        long firstToken,
        long firstChunk,
        long ttsFirstChunkNanos,
        long firstAudio) {

    /** Stage names, as the events and {@code GET /api/metrics/latency} use them. */
    public static final String VAD_HANGOVER = "vad_hangover_ms";
    public static final String STT_WAIT = "stt_wait_ms";
    public static final String STT = "stt_ms";
    public static final String TRANSCRIPT = "transcript_ms";
    public static final String FIRST_TOKEN = "first_token_ms";
    public static final String FIRST_CHUNK = "first_chunk_ms";
    public static final String LLM_FIRST_CHUNK = "llm_first_chunk_ms";
    public static final String TTS_FIRST_CHUNK = "tts_first_chunk_ms";
    public static final String FIRST_AUDIO = "first_audio_ms";
    public static final String OVERHEAD = "overhead_ms";

    /**
     * Milliseconds per stage: {@code stt_wait_ms}, {@code transcript_ms}, {@code first_token_ms},
     * {@code first_chunk_ms} and {@code first_audio_ms} from the speech end; {@code vad_hangover_ms},
     * {@code stt_ms} and {@code tts_first_chunk_ms} as the durations of those stages;
     * {@code llm_first_chunk_ms} from the chat request to the first chunk; {@code overhead_ms} is the
     * first audio less the stages on its path (the later of the transcript and the confirmed end, the
     * LLM to its first chunk, Piper on it): what the loop itself added.
     */
    public Map<String, @Nullable Double> stages() {
        Map<String, @Nullable Double> m = new LinkedHashMap<>();
        m.put(VAD_HANGOVER, ms(vadHangoverNanos));
        m.put(STT_WAIT, sttWaitNanos < 0 ? null : ms(sttWaitNanos));
        m.put(STT, sttNanos < 0 ? null : ms(sttNanos));
        m.put(TRANSCRIPT, since(transcript));
        m.put(FIRST_TOKEN, since(firstToken));
        m.put(FIRST_CHUNK, since(firstChunk));
        m.put(LLM_FIRST_CHUNK, firstChunk < 0 || chatStart < 0 ? null : ms(firstChunk - chatStart));
        m.put(TTS_FIRST_CHUNK, ttsFirstChunkNanos < 0 ? null : ms(ttsFirstChunkNanos));
        m.put(FIRST_AUDIO, since(firstAudio));
        m.put(OVERHEAD, overheadNanos() == Long.MIN_VALUE ? null : ms(overheadNanos()));
        return m;
    }

    /**
     * First audio less the later of (Whisper's wait and Whisper) and the VAD hangover, the LLM up to
     * the first chunk and Piper on it. Without speculation Whisper waits for the whole hangover, so
     * this is first audio less hangover, Whisper, LLM and Piper.
     */
    public long overheadNanos() {
        if (firstAudio < 0 || sttNanos < 0 || sttWaitNanos < 0 || firstChunk < 0 || chatStart < 0 || ttsFirstChunkNanos < 0) {
            return Long.MIN_VALUE;
        }
        long heard = Math.max(sttWaitNanos + sttNanos, vadHangoverNanos);
        return firstAudio - speechEnd - (heard + (firstChunk - chatStart) + ttsFirstChunkNanos);
    }

    private @Nullable Double since(long at) {
        return at < 0 ? null : ms(at - speechEnd);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
