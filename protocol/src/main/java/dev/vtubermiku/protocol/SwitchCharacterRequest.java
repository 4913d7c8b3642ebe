package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/** {@code POST /api/switch_character}: which character becomes active. */
public record SwitchCharacterRequest(@Nullable Long characterId) {}
