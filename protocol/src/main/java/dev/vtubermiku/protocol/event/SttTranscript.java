package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;

/**
 * {@code stt.transcript}: what the streamer said in a voice turn, as Whisper heard it.
 *
 * @param text the words (empty when nothing was recognised)
 * @param language ISO 639-1, or {@code und}
 * @param duration the turn's audio, in seconds
 * @param sttMs how long transcribing took
 * @param origin {@code voice}
 */
public record SttTranscript(String turnId, long characterId, String text, String language, double duration, double sttMs,
        String origin) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.STT_TRANSCRIPT;
    }
}
