package dev.vtubermiku.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/voices}: the Piper voices that can speak now.
 *
 * @param defaultVoice the voice used when a request names none (PIPER_MODEL_PATH), or null when it is missing
 */
public record VoicesResponse(List<Voice> voices, @Nullable String defaultVoice) {

    /**
     * One voice; each speaker of a multi-speaker model is its own.
     *
     * @param name what {@code POST /api/tts} and characters use
     * @param speaker the speaker within a multi-speaker model, or null
     */
    public record Voice(String name, String language, int sampleRate, @Nullable String quality, @Nullable String speaker,
            double lengthScale, double noiseScale, double noiseW, boolean isDefault) {}
}
