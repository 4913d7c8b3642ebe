package dev.vtubermiku.core.chat;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A remembered exchange recalled for a prompt, with how close it is to the query (cosine
 * similarity, 1 is identical).
 */
public record Memory(long id, long characterId, @Nullable Long chatLogId, String userMessage, String response,
        Instant createdAt, double score) {}
