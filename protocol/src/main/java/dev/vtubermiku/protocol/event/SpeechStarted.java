package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code speech.started}: one chunk of what she says begins to play (its first audio frame went
 * out). Sent for every utterance, whatever started it ({@code origin}).
 *
 * @param turnId the utterance (a chat turn's or voice turn's id); binary audio frames carry the same UUID
 * @param chunk the chunk's index within the utterance, from 0
 * @param text what this chunk says (a caption)
 * @param sampleRate the audio's rate
 * @param samples the chunk's length in samples
 * @param durationMs the chunk's length
 * @param firstSeq the sequence number of the chunk's first audio frame
 * @param envelopeMs the loudness window: 20
 * @param envelope her loudness per 20 ms window of the chunk, 0..1 (lip-sync)
 * @param latency how long each stage took, on the first chunk of a voice turn; absent otherwise
 * @param origin what made her speak: {@code chat}, {@code voice}, {@code greeting} or {@code audience}
 * @param emotion the reply's emotion, lower-case, when known
 */
public record SpeechStarted(
        String turnId,
        long characterId,
        int chunk,
        String text,
        int sampleRate,
        int samples,
        long durationMs,
        long firstSeq,
        int envelopeMs,
        float[] envelope,
        @Nullable Map<String, @Nullable Double> latency,
        String origin,
        @Nullable String emotion) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.SPEECH_STARTED;
    }
}
