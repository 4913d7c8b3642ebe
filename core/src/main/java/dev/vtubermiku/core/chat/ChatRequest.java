package dev.vtubermiku.core.chat;

import org.jspecify.annotations.Nullable;

/**
 * A line from the user. {@code characterId} null: the active character. {@code origin} says where it
 * came from ({@code http}, {@code ws}, {@code voice}, or a viewer's platform {@code twitch} /
 * {@code youtube}), for the events and the stored row. {@code viewer}: the line is a viewer's from live
 * chat, not the streamer's (null for the streamer).
 */
public record ChatRequest(String message, @Nullable Long characterId, boolean speak, String origin, @Nullable ChatViewer viewer) {

    /** A line of the streamer's. */
    public ChatRequest(String message, @Nullable Long characterId, boolean speak, String origin) {
        this(message, characterId, speak, origin, null);
    }
}
