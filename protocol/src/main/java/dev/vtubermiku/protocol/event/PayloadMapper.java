package dev.vtubermiku.protocol.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The contract's JSON mapping, as {@link EventPayload} uses it to turn records into data maps and back. */
final class PayloadMapper {
    static final ObjectMapper WRITER = Json.newMapper();
    static final ObjectMapper READER = Json.newMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

    private PayloadMapper() {}
}
