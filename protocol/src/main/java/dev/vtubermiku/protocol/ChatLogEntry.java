package dev.vtubermiku.protocol;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One exchange of the history (a {@code chat_logs} row). {@code interrupted}: the user talked over her
 * (voice barge-in) and {@code character_response} is what was heard of the reply.
 */
public record ChatLogEntry(
        long id,
        long characterId,
        String userMessage,
        String characterResponse,
        @Nullable String emotion,
        @Nullable String audioFile,
        Instant timestamp,
        boolean interrupted) {}
