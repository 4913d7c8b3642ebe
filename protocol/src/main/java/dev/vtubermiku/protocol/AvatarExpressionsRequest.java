package dev.vtubermiku.protocol;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code PUT /api/characters/{id}/avatar/expressions}: emotions (of neutral, joy, sadness, anger,
 * surprise, fear, disgust, smirk) to expression names or sprite labels of her avatar; emotions left
 * out keep their mapping.
 */
public record AvatarExpressionsRequest(@Nullable Map<String, String> expressionMap) {}
