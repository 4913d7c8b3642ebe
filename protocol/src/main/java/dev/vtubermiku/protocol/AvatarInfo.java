package dev.vtubermiku.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/characters/{id}/avatar}: how she appears on stream.
 *
 * @param kind {@code vrm}, {@code sprites}, {@code image}, or {@code portrait} (nothing uploaded: her
 *     card's picture, or a portrait generated from her name)
 * @param expressions the VRM expression names found in the model, or the sprite labels of the pack
 *     ({@code ["neutral"]} for a single picture)
 * @param files what the overlay loads, each served at its {@code url} (same token rule as /api)
 * @param expressionMap each of our eight emotions to the expression or sprite label shown for it
 * @param updatedAt when the avatar was uploaded or its mapping edited; null for a portrait
 */
public record AvatarInfo(long characterId, String kind, List<String> expressions, List<AvatarFile> files,
        Map<String, String> expressionMap, @Nullable Instant updatedAt) {

    public static final String VRM = "vrm";
    public static final String SPRITES = "sprites";
    public static final String IMAGE = "image";
    public static final String PORTRAIT = "portrait";

    /** One file of an avatar. */
    public record AvatarFile(String name, String url, long bytes, String mediaType) {}
}
