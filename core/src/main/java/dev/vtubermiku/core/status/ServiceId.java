package dev.vtubermiku.core.status;

import java.util.Locale;

/**
 * The services the backend reports on, in the order status shows them. The optional ones (a link to
 * another program that only some users have) are reported only while configured: when a probe for
 * them is registered, or from their connector's first finding until it is forgotten.
 */
public enum ServiceId {
    DB,
    LLM,
    STT,
    TTS,
    VAD,
    TRAINER,
    // Her audience's chat connectors, and on air (issue 11) VTube Studio and OBS: each listed only while configured.
    TWITCH,
    YOUTUBE,
    VTS,
    OBS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for a service that status lists only while it is configured (it is recorded, then forgotten). */
    public boolean optional() {
        return this == TWITCH || this == YOUTUBE || this == VTS || this == OBS;
    }
}
