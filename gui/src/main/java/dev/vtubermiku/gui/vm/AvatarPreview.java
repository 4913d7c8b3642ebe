package dev.vtubermiku.gui.vm;

import org.jspecify.annotations.Nullable;

/**
 * One expression of her avatar as the On air tab previews it: a sprite or picture's bytes, or only
 * its name (a VRM expression; a WebP or SVG the window cannot draw).
 */
public record AvatarPreview(String label, String mediaType, byte @Nullable [] image) {}
