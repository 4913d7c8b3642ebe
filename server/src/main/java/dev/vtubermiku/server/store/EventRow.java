package dev.vtubermiku.server.store;

import java.time.Instant;

/** A row of {@code events}; {@code data} is the JSON text of the event's data. */
public record EventRow(long id, String eventType, String message, String data, Instant timestamp, String severity) {}
