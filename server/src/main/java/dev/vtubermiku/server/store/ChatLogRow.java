package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code chat_logs}: one exchange between the user and a character. {@code interrupted}: the
 * user talked over her and the response is what was heard of it.
 */
public record ChatLogRow(
        long id, long characterId, String userMessage, String characterResponse, @Nullable String audioFile,
        Instant timestamp, @Nullable String emotion, boolean interrupted) {}
