package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code models}: a trained voice or one of its checkpoints. */
public record VoiceModelRow(
        long id, String name, @Nullable String modelPath, @Nullable Long characterId, String status,
        int epochsTrained, @Nullable Double loss, Instant createdAt, Instant updatedAt) {}
