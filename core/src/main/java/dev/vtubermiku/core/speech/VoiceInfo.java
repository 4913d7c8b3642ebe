package dev.vtubermiku.core.speech;

import org.jspecify.annotations.Nullable;

/**
 * A voice the speech engine can speak with. Each speaker of a multi-speaker model is its own voice.
 *
 * @param name what requests and characters use to pick it: the model's file name without
 *     {@code .onnx}, plus {@code #speaker} for a speaker of a multi-speaker model
 * @param language the voice's language code (e.g. {@code en_US}), as its config says
 * @param quality x_low, low, medium or high, where the config says
 * @param speaker the speaker's name within a multi-speaker model, or null
 * @param lengthScale the voice's speaking pace (larger: slower), from its config
 * @param noiseScale the voice's variation, from its config
 * @param noiseW the voice's phoneme-length variation, from its config
 * @param isDefault whether this is the default voice (PIPER_MODEL_PATH)
 */
public record VoiceInfo(
        String name,
        String language,
        int sampleRate,
        @Nullable String quality,
        @Nullable String speaker,
        double lengthScale,
        double noiseScale,
        double noiseW,
        boolean isDefault) {}
