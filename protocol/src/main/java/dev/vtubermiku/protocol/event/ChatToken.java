package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;

/**
 * {@code chat.token}: the next piece of her visible reply text as the model writes it (emotion tags
 * taken out).
 *
 * @param index the piece's place in the reply, from 0
 */
public record ChatToken(String turnId, long characterId, String characterName, int index, String text)
        implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.CHAT_TOKEN;
    }
}
