package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/**
 * What deleting a character did.
 *
 * @param archived true when she had chat logs or trained voices and was archived rather than erased
 * @param activeCharacterId the active character afterwards (another one when she was active)
 */
public record CharacterRemoval(long id, boolean archived, @Nullable Long activeCharacterId) {}
