package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/voice/train}. {@code base_checkpoint}: a catalog name such as
 * checkpoint-en_US-lessac-medium (pulled with ./vtuber models pull), or a .ckpt path; empty: train
 * from scratch (slow). {@code quality}: x_low, low (16000 Hz), medium or high (22050 Hz).
 * {@code espeak_voice}: espeak-ng voice for phonemes, e.g. en-us. {@code speaker}: only this speaker's clips.
 */
public record TrainRequest(@Nullable Long characterId, @Nullable String name, @Nullable String baseCheckpoint,
        @Nullable Integer epochs, @Nullable Integer batchSize, @Nullable String quality, @Nullable String espeakVoice,
        @Nullable String speaker) {}
