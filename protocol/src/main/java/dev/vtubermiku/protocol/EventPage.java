package dev.vtubermiku.protocol;

import java.util.List;

/**
 * {@code GET /api/events}: stored events after {@code since}, oldest first. {@code lastId} is the id
 * to pass as the next {@code since}; {@code more} says whether another page is waiting.
 */
public record EventPage(List<EventEnvelope> events, long lastId, boolean more) {}
