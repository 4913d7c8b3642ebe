package dev.vtubermiku.core.chat;

import org.jspecify.annotations.Nullable;

/**
 * A line from the user. {@code characterId} null: the active character. {@code origin} says where it
 * came from ({@code http}, {@code ws}), for the events.
 */
public record ChatRequest(String message, @Nullable Long characterId, boolean speak, String origin) {}
