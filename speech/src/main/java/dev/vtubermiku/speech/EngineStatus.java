package dev.vtubermiku.speech;

import org.jspecify.annotations.Nullable;

/**
 * How an engine is doing, for status and the probes.
 *
 * @param model the model file (or voice) in use or wanted
 * @param detail one line for people
 * @param lastError the last load or run failure, or null
 * @param fix what the user can do when the state is not READY
 */
public record EngineStatus(State state, String model, String detail, @Nullable String lastError, @Nullable String fix) {

    /** Where an engine is. */
    public enum State {
        /** Not tried yet. */
        NOT_LOADED,
        LOADING,
        READY,
        /** Working with a lesser substitute (VAD by energy without the Silero model). */
        FALLBACK,
        /** No model file where the configuration says. */
        MISSING,
        /** The model is there but could not be loaded. */
        FAILED
    }
}
