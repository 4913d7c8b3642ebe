package dev.vtubermiku.core.status;

import java.util.Locale;

/** The services the backend reports on, in the order status shows them. */
public enum ServiceId {
    DB,
    LLM,
    STT,
    TTS,
    VAD,
    TRAINER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
