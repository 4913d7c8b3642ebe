package dev.vtubermiku.core.chat;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One stored exchange: what the user said and what the character answered (a {@code chat_logs} row).
 * {@code interrupted}: the user talked over her, and {@code response} is only what was heard.
 * {@code origin}: where the line came from (null in rows older than the column); {@code viewer}: a
 * viewer's line from live chat rather than the streamer's.
 */
public record Exchange(
        long id,
        long characterId,
        String userMessage,
        String response,
        @Nullable String emotion,
        @Nullable String audioFile,
        Instant timestamp,
        boolean interrupted,
        @Nullable String origin,
        @Nullable ChatViewer viewer) {

    public Exchange(long id, long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp, boolean interrupted) {
        this(id, characterId, userMessage, response, emotion, audioFile, timestamp, interrupted, null, null);
    }

    public Exchange(long id, long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp) {
        this(id, characterId, userMessage, response, emotion, audioFile, timestamp, false);
    }
}
