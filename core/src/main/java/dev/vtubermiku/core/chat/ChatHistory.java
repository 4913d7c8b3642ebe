package dev.vtubermiku.core.chat;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Port: the stored exchanges (the {@code chat_logs} table). */
public interface ChatHistory {

    /** The newest {@code limit} exchanges with a character, oldest first. */
    List<Exchange> recent(long characterId, int limit);

    /** Stores a finished exchange; returns it with its id. */
    Exchange record(long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp);

    /**
     * Stores a finished exchange with where its line came from and, for a viewer's line, who said it.
     * Without an override the origin and viewer are not kept.
     */
    default Exchange record(long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp, String origin, @Nullable ChatViewer viewer) {
        return record(characterId, userMessage, response, emotion, audioFile, timestamp);
    }

    /**
     * The character was interrupted: the stored reply becomes what the user actually heard of it,
     * and is marked so (the voice loop's barge-in).
     */
    void markInterrupted(long exchangeId, String heardResponse);
}
