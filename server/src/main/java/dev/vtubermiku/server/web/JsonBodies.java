package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading request bodies strictly: malformed JSON, a body that is not UTF-8, {@code null} and wrong
 * shapes become 400s, not 500s. The bytes are decoded as UTF-8 here (RFC 8259 allows nothing else),
 * so Jackson never guesses an encoding from leading NUL bytes.
 */
final class JsonBodies {

    private JsonBodies() {}

    /** The body as a JSON object. */
    static JsonNode object(Context ctx, ObjectMapper json) throws IOException {
        JsonNode node = json.readTree(text(ctx));
        if (node == null || !node.isObject()) {
            throw notAnObject();
        }
        return node;
    }

    /** The body bound to a record; unknown fields and wrong types are 400s naming the field. */
    static <T> T read(Context ctx, ObjectMapper json, Class<T> type) throws IOException {
        T value = json.readValue(text(ctx), type);
        if (value == null) {
            throw notAnObject();
        }
        return value;
    }

    private static ProblemException notAnObject() {
        return new ProblemException(400, Problems.type("invalid-json"), "Malformed JSON", "The body must be a JSON object.", null);
    }

    private static String text(Context ctx) throws IOException {
        byte[] bytes = Bodies.read(ctx, ApiServer.MAX_BODY_BYTES);
        if (bytes.length == 0) {
            throw ProblemException.badRequest("The request needs a JSON body.");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(400, Problems.type("invalid-json"), "Malformed JSON", "The body is not UTF-8 text.", null);
        }
    }
}
