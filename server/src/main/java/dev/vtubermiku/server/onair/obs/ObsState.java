package dev.vtubermiku.server.onair.obs;

import java.util.Locale;

/** OBS control's connection, as {@code GET /api/obs} and {@code obs.state} name it. */
public enum ObsState {
    /** OBS_URL is not set. */
    OFF,
    CONNECTING,
    CONNECTED,
    /** OBS refused the password (or wants one and none is set): not retried until it changes or on request. */
    AUTH_FAILED,
    /** OBS is not running, its WebSocket server is off, or it answered garbage: retried with backoff. */
    UNREACHABLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
