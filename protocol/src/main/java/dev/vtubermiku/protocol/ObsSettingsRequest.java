package dev.vtubermiku.protocol;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code PUT /api/obs/settings}: the text source for her captions (empty: none) and the scene per
 * state ({@code speaking}, {@code idle}) or emotion; a field left out keeps its value, a map given
 * replaces the whole map.
 */
public record ObsSettingsRequest(@Nullable String captionSource, @Nullable Map<String, String> sceneMap) {}
