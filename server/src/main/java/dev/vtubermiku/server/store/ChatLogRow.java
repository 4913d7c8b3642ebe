package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code chat_logs}: one exchange between the user and a character. */
public record ChatLogRow(
        long id, long characterId, String userMessage, String characterResponse, @Nullable String audioFile,
        Instant timestamp, @Nullable String emotion) {}
