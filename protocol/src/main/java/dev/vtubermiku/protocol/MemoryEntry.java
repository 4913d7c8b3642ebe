package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A remembered exchange. {@code score} (cosine similarity to the query, 1 = same meaning) only
 * when the list was searched with {@code q}.
 */
public record MemoryEntry(
        long id,
        long characterId,
        @Nullable Long chatLogId,
        String userMessage,
        String characterResponse,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double score) {}
