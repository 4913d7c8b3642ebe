package dev.vtubermiku.protocol.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code chat.response}: her reply is complete and stored.
 *
 * @param chatLogId the {@code chat_logs} row
 * @param text the whole visible reply
 * @param emotion its emotion, lower-case
 * @param audioUrl the spoken reply's audio; always present, null unless it was spoken
 * @param audioError why a reply that was to be spoken has no audio
 * @param latencyMs from the line to the stored reply
 * @param firstTokenMs from the line to the first token; -1 when there was none
 * @param historyUsed how many earlier exchanges were in the prompt
 * @param memoriesRecalled how many long-term memories were in the prompt
 */
public record ChatReplied(String turnId, long characterId, String characterName, long chatLogId, String text, String emotion,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String audioUrl, @Nullable String audioError, long latencyMs,
        long firstTokenMs, int historyUsed, int memoriesRecalled) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.CHAT_RESPONSE;
    }
}
