package dev.vtubermiku.core.status;

import java.util.Locale;

/**
 * The services the backend reports on, in the order status shows them. The optional ones (a link to
 * another program that only some users have) are reported only when configured, that is when a probe
 * for them is registered.
 */
public enum ServiceId {
    DB,
    LLM,
    STT,
    TTS,
    VAD,
    TRAINER,
    // On air (issue 11): VTube Studio and OBS, each only when its URL is set.
    VTS,
    OBS;

    /** True for a service that status leaves out unless a probe for it is registered. */
    public boolean optional() {
        return this == VTS || this == OBS;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
