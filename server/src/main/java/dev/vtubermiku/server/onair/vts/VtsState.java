package dev.vtubermiku.server.onair.vts;

import java.util.Locale;

/** The VTube Studio plugin's connection, as {@code GET /api/vts} and {@code vts.state} name it. */
public enum VtsState {
    /** VTS_URL is not set. */
    OFF,
    CONNECTING,
    /** A token was asked for; VTube Studio shows its popup until the user clicks Allow or Deny. */
    AWAITING_APPROVAL,
    CONNECTED,
    /** The user denied access or revoked the token: not retried until asked to connect again. */
    DENIED,
    /** VTube Studio is not running, its API is off, or it answered garbage: retried with backoff. */
    UNREACHABLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
