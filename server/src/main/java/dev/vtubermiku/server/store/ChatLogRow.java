package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code chat_logs}: one exchange between the user and a character. {@code interrupted}: the
 * user talked over her and the response is what was heard of it. {@code origin}: where the line came
 * from ({@code http}, {@code ws}, {@code voice}, {@code twitch}, {@code youtube}; null in older rows);
 * {@code viewerName}: the viewer who wrote it, for a line from live chat.
 */
public record ChatLogRow(
        long id, long characterId, String userMessage, String characterResponse, @Nullable String audioFile,
        Instant timestamp, @Nullable String emotion, boolean interrupted, @Nullable String origin,
        @Nullable String viewerName) {

    @JdbiConstructor
    public ChatLogRow {}

    public ChatLogRow(long id, long characterId, String userMessage, String characterResponse, @Nullable String audioFile,
            Instant timestamp, @Nullable String emotion, boolean interrupted) {
        this(id, characterId, userMessage, characterResponse, audioFile, timestamp, emotion, interrupted, null, null);
    }
}
