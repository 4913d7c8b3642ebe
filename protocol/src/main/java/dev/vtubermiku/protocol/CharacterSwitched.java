package dev.vtubermiku.protocol;

import dev.vtubermiku.protocol.event.EventPayload;
import org.jspecify.annotations.Nullable;

/** The answer to a switch: the active character now, and the one before (null when none was). */
public record CharacterSwitched(long characterId, String name, @Nullable Long previousCharacterId) implements EventPayload {
    @Override
    public String eventType() {
        return EventTypes.CHARACTER_SWITCHED;
    }
}
