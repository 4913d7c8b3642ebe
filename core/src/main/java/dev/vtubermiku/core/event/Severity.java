package dev.vtubermiku.core.event;

import java.util.Locale;

/** How much an event matters to the streamer; stored and sent in lower case. */
public enum Severity {
    DEBUG,
    INFO,
    WARNING,
    ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
