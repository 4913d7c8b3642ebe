package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code characters}. */
public record CharacterRow(
        long id, String name, String profile, String personality, @Nullable String avatarUrl, Instant createdAt,
        Instant updatedAt) {}
