package dev.vtubermiku.server.web;

import io.javalin.json.JavalinJackson;
import io.javalin.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Every JSON response passes the secret masker too, not only problems: a stored row (a reply the
 * LLM echoed a key into, say) read back through the API leaves masked.
 */
final class MaskingJsonMapper implements JsonMapper {

    private final JavalinJackson delegate;
    private final UnaryOperator<String> redact;

    MaskingJsonMapper(JavalinJackson delegate, UnaryOperator<String> redact) {
        this.delegate = delegate;
        this.redact = redact;
    }

    @Override
    public String toJsonString(Object obj, Type type) {
        return redact.apply(delegate.toJsonString(obj, type));
    }

    @Override
    public InputStream toJsonStream(Object obj, Type type) {
        return new ByteArrayInputStream(toJsonString(obj, type).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON array written item by item, each masked (nothing uses it yet; it must not be the way around). */
    @Override
    public void writeToOutputStream(Stream<?> stream, OutputStream outputStream) {
        Writer out = new OutputStreamWriter(outputStream, StandardCharsets.UTF_8);
        try {
            out.write('[');
            boolean first = true;
            for (java.util.Iterator<?> items = stream.iterator(); items.hasNext(); ) {
                Object item = items.next();
                if (!first) {
                    out.write(',');
                }
                out.write(toJsonString(item, item.getClass()));
                first = false;
            }
            out.write(']');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        return delegate.fromJsonString(json, targetType);
    }

    @Override
    public <T> T fromJsonStream(InputStream json, Type targetType) {
        return delegate.fromJsonStream(json, targetType);
    }
}
