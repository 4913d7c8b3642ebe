package dev.vtubermiku.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.protocol.EventEnvelope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events in their wire form. A stored event reaches every WebSocket client as the same text, so its
 * JSON is made once and shared from a small cache rather than once per client.
 */
final class Envelopes {

    private static final int CACHE_SIZE = 4096;

    private final ObjectMapper json;
    private final Map<Long, String> cache = new ConcurrentHashMap<>();
    private final AtomicLong newest = new AtomicLong();

    Envelopes(ObjectMapper json) {
        this.json = json;
    }

    static EventEnvelope of(Event event) {
        return new EventEnvelope(event.id(), event.type(), event.timestamp(), event.severity().wire(), event.message(),
                event.data());
    }

    String text(Event event) {
        Long id = event.id();
        if (id == null) {
            return write(event);
        }
        String cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        String text = write(event);
        cache.put(id, text);
        long top = newest.accumulateAndGet(id, Math::max);
        if (cache.size() > CACHE_SIZE) {
            cache.keySet().removeIf(k -> k < top - CACHE_SIZE / 2);
        }
        return text;
    }

    private String write(Event event) {
        try {
            return json.writeValueAsString(of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.type() + " cannot be written as JSON", e);
        }
    }
}
