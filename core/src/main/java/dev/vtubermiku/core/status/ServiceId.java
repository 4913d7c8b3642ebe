package dev.vtubermiku.core.status;

import java.util.Locale;

/** The services the backend reports on, in the order status shows them. */
public enum ServiceId {
    DB,
    LLM,
    STT,
    TTS,
    VAD,
    TRAINER,
    // Her audience's chat connectors: listed only while configured (see optional()).
    TWITCH,
    YOUTUBE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for a service that status lists only while it is configured (it is recorded, then forgotten). */
    public boolean optional() {
        return this == TWITCH || this == YOUTUBE;
    }
}
