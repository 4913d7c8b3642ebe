package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code memories}: a remembered exchange and its embedding (float32 little-endian). */
public record MemoryRow(
        long id, long characterId, @Nullable Long chatLogId, String userMessage, String characterResponse,
        byte[] embedding, String embeddingModel, Instant createdAt) {}
