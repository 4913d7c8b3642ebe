package dev.vtubermiku.core.speech;

import org.jspecify.annotations.Nullable;

/** Port: transcribes speech. Safe to call from many threads; calls beyond the engine's capacity wait. */
public interface SpeechToText {

    /** The sample rate {@link #transcribe} wants (16000 for Whisper); other rates are resampled. */
    int sampleRate();

    /** Whether the loaded model knows more than English (so automatic language detection means something). */
    boolean multilingual();

    /**
     * Transcribes audio.
     *
     * @param language an ISO 639-1 code such as {@code de}, or null to detect it (multilingual
     *     models) or to use English (English-only models)
     * @throws SpeechUnavailableException when no model is loaded or the engine is saturated
     * @throws IllegalArgumentException when the language is not one the model knows
     */
    Transcript transcribe(MonoAudio audio, @Nullable String language);

    /**
     * The same for a live conversation, where someone waits for the words: an engine that shares
     * its cores gives this one every core it can, and batch work yields to it. By default as
     * {@link #transcribe}.
     */
    default Transcript transcribeLive(MonoAudio audio, @Nullable String language) {
        return transcribe(audio, language);
    }
}
