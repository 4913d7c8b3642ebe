package dev.vtubermiku.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/voice/train}. {@code base_checkpoint}: a catalog name such as
 * checkpoint-en_US-lessac-medium (pulled with ./vtuber models pull), or a .ckpt path; empty: train
 * from scratch (slow). {@code quality}: x_low, low (16000 Hz), medium or high (22050 Hz).
 * {@code espeak_voice}: espeak-ng voice for phonemes, e.g. en-us. {@code speaker}: only this speaker's clips.
 */
public record TrainRequest(@Nullable Long characterId, @Nullable String name, @Nullable String baseCheckpoint,
        @Nullable Integer epochs, @Nullable Integer batchSize, @Nullable String quality, @Nullable String espeakVoice,
        @Nullable String speaker) {

    /** The qualities a run can train, lowest first (x_low and low train at 16000 Hz, medium and high at 22050 Hz). */
    public static final List<String> QUALITIES = List.of("x_low", "low", "medium", "high");

    /**
     * espeak-ng voices streamers train most, offered by the GUI; any espeak-ng voice name is accepted
     * (e.g. {@code en-us}, {@code de}, {@code pt-br}), and it sets the voice's language.
     */
    public static final List<String> COMMON_ESPEAK_VOICES = List.of("en-us", "en-gb", "de", "fr-fr", "es", "it", "pt-br",
            "nl", "pl", "ru", "uk", "sv", "tr", "ja", "ko", "cmn");
}
