package dev.vtubermiku.core.status;

import java.util.Locale;

/** {@code ok}: working. {@code degraded}: working with a fallback. {@code unavailable}: not working. */
public enum ServiceState {
    STARTING,
    OK,
    DEGRADED,
    UNAVAILABLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
