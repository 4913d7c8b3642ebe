package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A character to create, or the new state of one to update. Only {@code name} is required; absent
 * text fields are empty, absent {@code avatar_url} and {@code voice} are none.
 */
public record CharacterRequest(
        @Nullable String name,
        @Nullable String profile,
        @Nullable String personality,
        @Nullable String avatarUrl,
        @Nullable String greeting,
        @Nullable String exampleDialogue,
        @Nullable String voice) {}
