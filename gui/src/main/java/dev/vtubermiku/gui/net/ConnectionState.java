package dev.vtubermiku.gui.net;

/** Where the event stream stands; shown in the window's status bar. */
public enum ConnectionState {
    /** First attempt, nothing received yet. */
    CONNECTING,
    /** Live: events arrive as they happen. */
    CONNECTED,
    /** Lost (or never reached); the next attempt is scheduled. */
    RECONNECTING,
    /** Closed by the window. */
    CLOSED
}
