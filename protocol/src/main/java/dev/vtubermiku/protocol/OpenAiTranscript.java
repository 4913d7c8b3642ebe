package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/audio/transcriptions} as OpenAI answers it: {@code json} carries only {@code text};
 * {@code verbose_json} also task, language (its English name, as OpenAI gives it), duration and
 * segments with OpenAI's fields (those Whisper does not give us are neutral values).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpenAiTranscript(
        @Nullable String task, @Nullable String language, @Nullable Double duration, String text,
        @Nullable List<Segment> segments, @Nullable List<Word> words) {

    public static OpenAiTranscript plain(String text) {
        return new OpenAiTranscript(null, null, null, text, null, null);
    }

    /** A timed piece, times in seconds. */
    public record Segment(int id, int seek, double start, double end, String text, List<Integer> tokens,
            double temperature, double avgLogprob, double compressionRatio, double noSpeechProb) {}

    /** A timed word (asked for with timestamp_granularities[]=word). */
    public record Word(String word, double start, double end) {}
}
