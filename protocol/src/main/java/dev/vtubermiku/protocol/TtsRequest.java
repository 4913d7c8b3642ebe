package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/tts}.
 *
 * @param voice a voice name from {@code GET /api/voices}; wins over character_id
 * @param characterId speak with this character's voice (its default when it has none)
 */
public record TtsRequest(String text, @Nullable String voice, @Nullable Long characterId) {}
