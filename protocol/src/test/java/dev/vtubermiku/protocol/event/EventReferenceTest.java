package dev.vtubermiku.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.vtubermiku.protocol.EventTypes;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The event reference is generated from the payload records, so it cannot drift: this test fails
 * when {@code docs/EVENTS.md} differs from what the records say. Regenerate it with
 * {@code mvn -B -o -pl protocol test -Dtest=EventReferenceTest -Devents.write=true}.
 */
class EventReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "EVENTS.md");
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    @Test
    void everyEventTypeHasAPayloadRecord() {
        assertThat(EventCatalog.entries().keySet()).containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
        EventCatalog.entries().values().forEach(e -> assertThat(e.data().isRecord()).as(e.type()).isTrue());
    }

    @Test
    void everyRecordNamesTheTypeItIsCataloguedUnder() throws ReflectiveOperationException {
        for (EventCatalog.Entry e : EventCatalog.entries().values()) {
            assertThat(e.data().getMethod("eventType").getDeclaringClass()).as(e.type()).isEqualTo(e.data());
        }
    }

    @Test
    void theReferenceInDocsIsWhatTheRecordsSay() throws IOException {
        String generated = markdown();
        if (Boolean.getBoolean("events.write")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC)).as(DOC + " exists (generate it: see this test's javadoc)").isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/EVENTS.md is stale: regenerate it with -Devents.write=true (see EventReferenceTest)")
                .isEqualTo(generated);
    }

    static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Event reference\n\n")
                .append("Generated from the payload records in `protocol` (`dev.vtubermiku.protocol.event.EventCatalog`) by\n")
                .append("`EventReferenceTest`; do not edit by hand. Every event travels in the envelope\n")
                .append("`{\"id\", \"type\", \"timestamp\", \"severity\", \"message\", \"data\"}` over `/ws` and `GET /api/events`;\n")
                .append("this page describes `data`. Optional fields are left out when they have no value;\n")
                .append("a field \"required: yes, null when none\" is always there, null when it has no value.\n")
                .append("Live-only types are delivered but never stored (`id` is null; `?since=` does not replay them).\n\n")
                .append("| type | stored | when |\n|---|---|---|\n");
        EventCatalog.entries().values().forEach(e -> md.append("| [`").append(e.type()).append("`](#")
                .append(e.type().replace(".", "")).append(") | ").append(EventTypes.isPersisted(e.type()) ? "yes" : "live only")
                .append(" | ").append(e.when()).append(" |\n"));
        for (EventCatalog.Entry e : EventCatalog.entries().values()) {
            md.append("\n## ").append(e.type()).append("\n\n").append(capital(e.when())).append(". Record: `")
                    .append(e.data().getName().replace("dev.vtubermiku.", "")).append("`.\n\n")
                    .append("| field | type | required |\n|---|---|---|\n");
            fields(md, e.data(), "", 0);
        }
        return md.toString();
    }

    private static void fields(StringBuilder md, Class<?> record, String prefix, int depth) {
        for (RecordComponent c : record.getRecordComponents()) {
            String name = prefix + SNAKE.translate(c.getName());
            boolean optional = c.getAnnotatedType().isAnnotationPresent(Nullable.class);
            JsonInclude include = c.getAccessor().getAnnotation(JsonInclude.class);
            boolean keptNull = include != null && include.value() == JsonInclude.Include.ALWAYS;
            md.append("| `").append(name).append("` | ").append(typeName(c.getGenericType())).append(" | ")
                    .append(!optional ? "yes" : keptNull ? "yes, null when none" : "no").append(" |\n");
            Class<?> nested = element(c.getGenericType());
            if (nested != null && nested.isRecord() && depth < 2) {
                fields(md, nested, name + (List.class.isAssignableFrom(c.getType()) ? "[]." : "."), depth + 1);
            }
        }
    }

    private static @Nullable Class<?> element(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                return "array of " + typeName(p.getActualTypeArguments()[0]);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "object (" + typeName(p.getActualTypeArguments()[0]) + " → " + typeName(p.getActualTypeArguments()[1]) + ")";
            }
            return typeName(raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return "string";
        }
        if (c == Instant.class) {
            return "string (UTC ISO-8601)";
        }
        if (c == int.class || c == long.class || c == Integer.class || c == Long.class || c == short.class) {
            return "integer";
        }
        if (c == double.class || c == float.class || c == Double.class || c == Float.class) {
            return "number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "boolean";
        }
        if (c.isRecord()) {
            return "object";
        }
        if (c.isEnum()) {
            return "string (enum)";
        }
        return c.getSimpleName();
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
