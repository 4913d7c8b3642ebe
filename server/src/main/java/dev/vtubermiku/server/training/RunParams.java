package dev.vtubermiku.server.training;

import org.jspecify.annotations.Nullable;

/** How a run was asked for, kept as JSON in {@code models.params}. */
public record RunParams(String name, @Nullable Long characterId, @Nullable String baseCheckpoint, int epochs,
        int batchSize, String quality, String espeakVoice, @Nullable String speaker, int baseEpoch, int clips,
        double audioSeconds) {}
