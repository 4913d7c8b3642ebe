package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/** Reading request bodies strictly: malformed JSON and wrong shapes become 400s, not 500s. */
final class JsonBodies {

    private JsonBodies() {}

    /** The body as a JSON object. */
    static JsonNode object(Context ctx, ObjectMapper json) throws IOException {
        JsonNode node = json.readTree(bytes(ctx));
        if (node == null || !node.isObject()) {
            throw new ApiException(400, Problems.type("invalid-json"), "Malformed JSON", "The body must be a JSON object.", null);
        }
        return node;
    }

    /** The body bound to a record; unknown fields and wrong types are 400s naming the field. */
    static <T> T read(Context ctx, ObjectMapper json, Class<T> type) throws IOException {
        return json.readValue(bytes(ctx), type);
    }

    private static byte[] bytes(Context ctx) throws IOException {
        byte[] bytes = Bodies.read(ctx, ApiServer.MAX_BODY_BYTES);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request needs a JSON body.");
        }
        return bytes;
    }
}
