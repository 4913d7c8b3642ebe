package dev.vtubermiku.protocol;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code PUT /api/vts/expressions}: emotion ({@code neutral joy sadness anger surprise fear disgust
 * smirk}) → VTube Studio hotkey name or id; the whole map is replaced, an emotion left out triggers nothing.
 */
public record VtsExpressionsRequest(@Nullable Map<String, String> expressionMap) {}
