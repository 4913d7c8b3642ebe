package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/** The answer to a switch: the active character now, and the one before (null when none was). */
public record CharacterSwitched(long characterId, String name, @Nullable Long previousCharacterId) {}
