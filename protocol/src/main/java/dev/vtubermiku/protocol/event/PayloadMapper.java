package dev.vtubermiku.protocol.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.vtubermiku.protocol.Json;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The contract's JSON mapping, as {@link EventPayload} uses it to turn records into data maps and back. */
final class PayloadMapper {
    static final ObjectMapper WRITER = Json.newMapper();
    static final ObjectMapper READER = Json.newMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};
    /** Per payload type: the wire names of its fields that stay on the wire when null ({@code @JsonInclude(ALWAYS)}). */
    static final ClassValue<Set<String>> KEPT_NULLS = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            JavaType javaType = WRITER.constructType(type);
            return WRITER.getSerializationConfig().introspect(javaType).findProperties().stream()
                    .filter(p -> p.findInclusion().getValueInclusion() == JsonInclude.Include.ALWAYS)
                    .map(BeanPropertyDefinition::getName)
                    .collect(Collectors.toUnmodifiableSet());
        }
    };

    private PayloadMapper() {}
}
