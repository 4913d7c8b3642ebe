package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code chat.message}: a line for her arrived (the streamer's, typed or spoken, or a viewer's) and
 * her reply starts; its {@code chat.token}s and its {@code chat.response} (or {@code error.occurred})
 * carry the same {@code turn_id}.
 *
 * @param speak whether the reply is also spoken
 * @param origin where the line came from: {@code http}, {@code ws}, {@code voice}, {@code twitch}, {@code youtube}
 * @param viewer the viewer's name, when the line is a viewer's from live chat
 */
public record ChatMessage(String turnId, long characterId, String characterName, String text, boolean speak, String origin,
        @Nullable String viewer) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.CHAT_MESSAGE;
    }
}
