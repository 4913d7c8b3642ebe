package dev.vtubermiku.core.chat;

import org.jspecify.annotations.Nullable;

/**
 * A finished reply, as stored and announced. {@code audioError} says why there is no audio when
 * speaking was asked for and could not be done.
 */
public record ChatReply(
        long chatLogId,
        long characterId,
        String turnId,
        String text,
        Emotion emotion,
        @Nullable String audioUrl,
        @Nullable String audioError,
        long latencyMs,
        long firstTokenMs) {}
