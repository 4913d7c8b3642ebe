package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/chat}: a line for a character ({@code character_id} null: the active one);
 * {@code speak} true also synthesises the reply.
 */
public record ChatBody(@Nullable String message, @Nullable Long characterId, @Nullable Boolean speak) {}
