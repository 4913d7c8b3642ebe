package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code speech.finished}: a chunk was played out ({@code chunk} set, {@code turn_end} false), or
 * the utterance is over ({@code turn_end} true): all said ({@code text}), or cut off
 * ({@code interrupted} true, with what had been heard). After {@code interrupted: true} no more audio
 * of that turn follows: a listener drops what it buffers for it.
 *
 * @param chunk the chunk that finished; absent on the turn's end
 * @param text the chunk's text, or on the turn's end everything she said
 * @param heardText when interrupted: the words that had played by then
 * @param heardMs when interrupted: how long she had been audible
 * @param reason when interrupted: why
 * @param latency on a voice turn's end: how long each stage took
 * @param origin what made her speak: {@code chat}, {@code voice}, {@code greeting} or {@code audience}
 * @param emotion the reply's emotion, lower-case, when known
 */
public record SpeechFinished(
        String turnId,
        long characterId,
        @Nullable Integer chunk,
        boolean interrupted,
        boolean turnEnd,
        @Nullable String text,
        @Nullable String heardText,
        @Nullable Long heardMs,
        @Nullable String reason,
        @Nullable Map<String, @Nullable Double> latency,
        String origin,
        @Nullable String emotion) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.SPEECH_FINISHED;
    }

    /** One chunk was played out. */
    public static SpeechFinished chunk(String turnId, long characterId, int chunk, String text, String origin,
            @Nullable String emotion) {
        return new SpeechFinished(turnId, characterId, chunk, false, false, text, null, null, null, null, origin, emotion);
    }

    /** All of it was said. */
    public static SpeechFinished said(String turnId, long characterId, String text,
            @Nullable Map<String, @Nullable Double> latency, String origin, @Nullable String emotion) {
        return new SpeechFinished(turnId, characterId, null, false, true, text, null, null, null, latency, origin, emotion);
    }

    /** She was cut off: what had been heard by then, and why. */
    public static SpeechFinished interrupted(String turnId, long characterId, String heardText, long heardMs, String reason,
            @Nullable Map<String, @Nullable Double> latency, String origin, @Nullable String emotion) {
        return new SpeechFinished(turnId, characterId, null, true, true, null, heardText, heardMs, reason, latency, origin,
                emotion);
    }
}
