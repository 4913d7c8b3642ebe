package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;

/**
 * {@code avatar.changed}: a character's avatar was uploaded, removed, or its expression mapping
 * edited; an overlay showing her reloads {@code GET /api/characters/{id}/avatar}.
 *
 * @param kind what she has now: vrm, sprites, image or portrait
 */
public record AvatarChanged(long characterId, String kind) implements EventPayload {
    @Override
    public String eventType() {
        return EventTypes.AVATAR_CHANGED;
    }
}
