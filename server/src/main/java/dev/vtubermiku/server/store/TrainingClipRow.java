package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code training_data}: one clip of a speaker's voice; {@code quality} is its grade. */
public record TrainingClipRow(
        long id, String filename, @Nullable String transcript, double duration, @Nullable String speaker,
        @Nullable String emotion, @Nullable String quality, Instant createdAt) {}
