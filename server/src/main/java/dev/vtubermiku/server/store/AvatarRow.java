package dev.vtubermiku.server.store;

import java.time.Instant;

/**
 * A row of {@code avatars}: an uploaded avatar. The list columns are JSON text.
 *
 * @param filePrefix what each of its stored file names starts with (unique per upload)
 * @param files JSON array of {@code {"name","bytes","media_type"}}
 * @param expressions JSON array of the expression names or sprite labels
 * @param expressionMap JSON object, emotion to expression
 */
public record AvatarRow(long characterId, String kind, String filePrefix, String files, String expressions,
        String expressionMap, Instant updatedAt) {}
