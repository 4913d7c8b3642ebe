package dev.vtubermiku.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.OpenAiError;
import dev.vtubermiku.protocol.Problem;
import io.javalin.http.Context;

/**
 * On the OpenAI-compatible paths ({@code /v1/...}) every error leaves in OpenAI's shape instead of
 * problem details, with the same status and message: OpenAI's clients and SDKs read only that shape.
 */
final class OpenAiErrors {

    private static final String WRITTEN = "vtubermiku.openai-error";

    private OpenAiErrors() {}

    static boolean applies(Context ctx) {
        return ctx.path().startsWith("/v1/") || ctx.path().equals("/v1");
    }

    static OpenAiError of(Problem problem) {
        String message = problem.detail() != null ? problem.detail() : problem.title();
        String param = problem.errors() == null || problem.errors().isEmpty() ? null : problem.errors().getFirst().field();
        String slug = problem.type().startsWith("urn:vtubermiku:problem:")
                ? problem.type().substring("urn:vtubermiku:problem:".length()).replace('-', '_')
                : null;
        String type = switch (problem.status()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> problem.status() >= 500 ? "server_error" : "invalid_request_error";
        };
        String code = switch (problem.status()) {
            case 401 -> "invalid_api_key";
            case 404 -> slug == null ? "not_found" : slug;
            case 500 -> problem.errorId() == null ? "internal" : "internal:" + problem.errorId();
            default -> slug;
        };
        return new OpenAiError(new OpenAiError.Body(message, type, param, code));
    }

    static void write(Context ctx, Problem problem, ObjectMapper json) {
        String body;
        try {
            body = json.writeValueAsString(of(problem));
        } catch (JsonProcessingException e) {
            body = "{\"error\":{\"message\":\"error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
        }
        ctx.status(problem.status()).contentType("application/json").result(body);
        ctx.attribute(WRITTEN, Boolean.TRUE);
    }

    /** Whether this response already carries an OpenAI error (so the status fallback leaves it alone). */
    static boolean written(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
    }
}
