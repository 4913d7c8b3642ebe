package dev.vtubermiku.core.chat;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Port: where memories and their vectors are kept (the {@code memories} table). */
public interface MemoryVault {

    /** A stored memory with its vector. */
    record Stored(Memory memory, float[] vector) {}

    Stored save(long characterId, @Nullable Long chatLogId, String userMessage, String response, float[] vector,
            String model, java.time.Instant createdAt);

    /** Every memory of a character made with {@code model}, with vectors, oldest first. */
    List<Stored> all(long characterId, String model);

    /** Newest first, ids below {@code beforeId}, at most {@code limit}; scores are 0. */
    List<Memory> page(long characterId, long beforeId, int limit);

    Optional<Memory> find(long characterId, long memoryId);

    long count(long characterId);

    /** Forgets all memories of a character; returns how many there were. */
    int deleteAll(long characterId);

    boolean delete(long characterId, long memoryId);
}
