package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code error.occurred}: something failed that the streamer should know of. Three sources fill it: a
 * reply that failed or was cancelled (the turn, {@code source} {@code llm} or {@code chat}, reason,
 * detail and what had been written), a stage of a voice turn ({@code source} {@code stt}, {@code tts}
 * or {@code voice}, with the turn and detail), and a remote speech engine that stopped answering
 * ({@code source} {@code stt} or {@code tts}, {@code engine} {@code remote}, endpoint, error, fallback).
 * An event with a {@code turn_id} ends that turn.
 *
 * @param source what failed: {@code llm}, {@code chat}, {@code stt}, {@code tts} or {@code voice}
 * @param reason a failed reply's reason ({@code timeout}, {@code rate_limited}, … or {@code cancelled})
 * @param detail what went wrong, in words; left out when the failure had no message
 * @param partialText the reply text written before it failed
 * @param engine {@code remote}: a remote speech engine failed
 * @param endpoint the remote engine's base URL
 * @param error the remote engine's error
 * @param fallback {@code local} when the local engine stands in, else {@code none}
 */
public record ErrorOccurred(@Nullable String turnId, @Nullable Long characterId, @Nullable String characterName, String source,
        @Nullable String reason, @Nullable String detail, @Nullable String partialText, @Nullable String engine,
        @Nullable String endpoint, @Nullable String error, @Nullable String fallback) implements EventPayload {

    /** A reply failed or was cancelled ({@code source} {@code llm} or {@code chat}). */
    public static ErrorOccurred reply(String turnId, long characterId, String characterName, String source, String reason,
            String detail, String partialText) {
        return new ErrorOccurred(turnId, characterId, characterName, source, reason, detail, partialText, null, null, null,
                null);
    }

    /** A stage of a voice turn failed ({@code source} {@code stt}, {@code tts} or {@code voice}). */
    public static ErrorOccurred voiceStage(String turnId, long characterId, String source, @Nullable String detail) {
        return new ErrorOccurred(turnId, characterId, null, source, null, detail, null, null, null, null, null);
    }

    /** A remote speech engine failed; {@code fallback} {@code local} or {@code none}. */
    public static ErrorOccurred remoteEngine(String source, String endpoint, String error, String fallback) {
        return new ErrorOccurred(null, null, null, source, null, null, null, "remote", endpoint, error, fallback);
    }

    @Override
    public String eventType() {
        return EventTypes.ERROR_OCCURRED;
    }
}
