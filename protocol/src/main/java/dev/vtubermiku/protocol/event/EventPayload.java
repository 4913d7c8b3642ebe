package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of one event type, as a record. Producers publish a payload record; readers
 * (the GUI, tests, scripts in Java) decode an envelope's {@code data} map back into the record with
 * {@link #decode}. The record's components are the wire fields (snake_case through {@link Json}),
 * so the JSON of an event is exactly what the record says and the event reference in
 * {@code docs/EVENTS.md} can be generated from the records.
 *
 * <p>Payload records live in this package (or, where the same record is also an HTTP body, such as
 * {@code CharacterSwitched}, beside the other bodies in {@code protocol}) and name their type with
 * {@link #eventType()} (a plain method, not a bean getter, so it is not a wire field).
 */
public interface EventPayload {

    /** The exact event type name of the contract (one of {@code EventTypes}). */
    String eventType();

    /**
     * The wire form of a payload: what goes into the envelope's {@code data}. A null field is left
     * out, unless its component says {@code @JsonInclude(JsonInclude.Include.ALWAYS)}: such a field is
     * always on the wire, null when it has no value (for the event shapes that were so before they
     * were typed, e.g. {@code chat.response}'s {@code audio_url}).
     */
    static Map<String, @Nullable Object> toData(EventPayload payload) {
        Map<String, @Nullable Object> data = PayloadMapper.WRITER.convertValue(payload, PayloadMapper.MAP);
        Set<String> keptNulls = PayloadMapper.KEPT_NULLS.get(payload.getClass());
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            if (v != null || keptNulls.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Reads an envelope's {@code data} as the given payload record. Unknown fields are ignored here
     * (an older reader of a newer server keeps working); a missing required field or a wrong type
     * is an {@link IllegalArgumentException}.
     */
    static <T extends EventPayload> T decode(Map<String, ?> data, Class<T> type) {
        return PayloadMapper.READER.convertValue(data, type);
    }
}
