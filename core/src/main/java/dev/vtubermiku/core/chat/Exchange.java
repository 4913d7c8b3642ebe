package dev.vtubermiku.core.chat;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One stored exchange: what the user said and what the character answered (a {@code chat_logs} row).
 * {@code interrupted}: the user talked over her, and {@code response} is only what was heard.
 */
public record Exchange(
        long id,
        long characterId,
        String userMessage,
        String response,
        @Nullable String emotion,
        @Nullable String audioFile,
        Instant timestamp,
        boolean interrupted) {

    public Exchange(long id, long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp) {
        this(id, characterId, userMessage, response, emotion, audioFile, timestamp, false);
    }
}
