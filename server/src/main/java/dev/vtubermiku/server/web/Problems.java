package dev.vtubermiku.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.server.training.VoiceException;
import dev.vtubermiku.protocol.Problem.FieldError;
import dev.vtubermiku.server.avatar.InvalidAvatarException;
import dev.vtubermiku.server.character.CharacterConflictException;
import dev.vtubermiku.server.character.CharacterNotFoundException;
import dev.vtubermiku.server.character.InvalidCardException;
import dev.vtubermiku.server.character.InvalidCharacterException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves as RFC 9457 problem details. A bad request is a 4xx saying what is wrong; an
 * unexpected exception is logged with an id, and the 500 carries only that id.
 */
final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    private final ObjectMapper json;
    private final UnaryOperator<String> redact;

    /** @param redact masks secrets in every problem body (a remote server's error text may echo a key) */
    Problems(ObjectMapper json, UnaryOperator<String> redact) {
        this.json = json;
        this.redact = redact;
    }

    static String type(String slug) {
        return "urn:vtubermiku:problem:" + slug;
    }

    void register(Javalin app) {
        app.exception(ProblemException.class, (e, ctx) -> write(ctx, ChatProblems.problem(e, ctx.path())));
        app.exception(CharacterNotFoundException.class, (e, ctx) ->
                write(ctx, new Problem("about:blank", "Not found", 404, e.getMessage(), ctx.path(), null, null)));
        app.exception(CharacterConflictException.class, (e, ctx) ->
                write(ctx, new Problem(type("conflict"), "Conflict", 409, e.getMessage(), ctx.path(), null, null)));
        app.exception(InvalidCharacterException.class, (e, ctx) ->
                write(ctx, new Problem(type("validation"), "Invalid input", 400, e.getMessage(), ctx.path(), null, e.errors())));
        app.exception(InvalidCardException.class, (e, ctx) -> write(ctx, e.unsupportedMediaType()
                ? new Problem(type("unsupported-card"), "Unsupported Media Type", 415, e.getMessage(), ctx.path(), null, null)
                : new Problem(type("invalid-card"), "Invalid character card", 400, e.getMessage(), ctx.path(), null, null)));
        // Domain refusals, mapped here and nowhere else: routes let them through.
        app.exception(VoiceException.class, (e, ctx) -> write(ctx, ChatProblems.problem(of(e), ctx.path())));
        app.exception(UnknownCharacterException.class, (e, ctx) -> write(ctx, ChatProblems.problem(ChatProblems.of(e), ctx.path())));
        app.exception(InvalidAvatarException.class, (e, ctx) -> write(ctx, switch (e.status()) {
            case 413 -> new Problem(type("payload-too-large"), "Content too large", 413, e.getMessage(), ctx.path(), null, null);
            case 415 -> new Problem(type("unsupported-avatar"), "Unsupported Media Type", 415, e.getMessage(), ctx.path(), null, null);
            case 409 -> new Problem(type("conflict"), "Conflict", 409, e.getMessage(), ctx.path(), null, null);
            default -> new Problem(type("invalid-avatar"), "Invalid avatar", 400, e.getMessage(), ctx.path(), null, null);
        }));
        app.exception(JsonProcessingException.class, (e, ctx) -> write(ctx, fromJson(e, ctx)));
        // A path built from client text that the file system cannot hold (NUL, control characters).
        app.exception(java.nio.file.InvalidPathException.class, (e, ctx) -> write(ctx, new Problem(type("validation"),
                "Invalid input", 400, "A name in the request cannot be used as a file name: " + e.getReason() + ".",
                ctx.path(), null, null)));
        app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e.getStatus(), e.getMessage(), ctx)));
        app.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString();
            log.error("Unexpected error {} on {} {}", id, ctx.method(), ctx.path(), e);
            write(ctx, new Problem(type("internal"), "Internal server error", 500,
                    "Something went wrong on our side. The log has the details under error id " + id + ".",
                    ctx.path(), id, null));
        });
        // Statuses Javalin sets without an exception (an unmatched route, say) get a body too.
        for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500, 503}) {
            app.error(status, ctx -> {
                String type = ctx.res().getContentType();
                if ((type == null || !type.startsWith(Problem.MEDIA_TYPE)) && !OpenAiErrors.written(ctx)) {
                    write(ctx, fromJavalin(status, null, ctx));
                }
            });
        }
    }

    /** Voice training's refusals, by kind. */
    static ProblemException of(VoiceException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> ProblemException.notFound(e.getMessage());
            case INVALID -> e.field().isEmpty() ? ProblemException.badRequest(e.getMessage())
                    : ProblemException.invalidParam(e.field(), e.getMessage());
            case CONFLICT -> new ProblemException(409, type("conflict"), "Conflict", e.getMessage(), null);
            case UNPROCESSABLE -> new ProblemException(422, type("unprocessable"), "Cannot do that", e.getMessage(), null);
            case UNAVAILABLE -> new ProblemException(503, type("unavailable"), "Service unavailable", e.getMessage(), null);
        };
    }

    private Problem fromJavalin(int status, @Nullable String message, Context ctx) {
        String title = HttpStatus.forStatus(status).getMessage();
        String detail = switch (status) {
            case 404 -> "There is no " + ctx.path() + " here. /openapi.json lists every endpoint.";
            case 405 -> ctx.method() + " is not allowed on " + ctx.path() + ".";
            case 413 -> "The request body is larger than this endpoint accepts.";
            // Jetty's verdict on a body it could not read (a broken chunk, a cut upload), passed on by Javalin.
            case 400 -> message == null || message.isBlank() || message.equals(title)
                    ? "The request could not be read (a malformed body or transfer encoding)." : message;
            default -> message == null || message.isBlank() || message.equals(title) ? null : message;
        };
        String type = status == 413 ? type("payload-too-large") : "about:blank";
        return new Problem(type, title, status, detail, ctx.path(), null, null);
    }

    private Problem fromJson(JsonProcessingException e, Context ctx) {
        if (e instanceof UnrecognizedPropertyException u) {
            return validation(ctx, u.getPropertyName(), "is not a known field");
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            MismatchedInputException m = (MismatchedInputException) e;
            String field = m.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String expected = m.getTargetType() == null ? "another type" : describe(m.getTargetType());
            if (field.isEmpty()) {
                return new Problem(type("invalid-json"), "Malformed JSON", 400,
                        "The body must be a JSON " + expected + ".", ctx.path(), null, null);
            }
            return validation(ctx, field, "must be " + expected);
        }
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new Problem(type("invalid-json"), "Malformed JSON", 400,
                "The body is not valid JSON" + where + ": " + e.getOriginalMessage(), ctx.path(), null, null);
    }

    private static Problem validation(Context ctx, String field, String message) {
        return new Problem(type("validation"), "Invalid input", 400, field + " " + message, ctx.path(), null,
                List.of(new FieldError(field, message)));
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    void write(Context ctx, Problem problem) {
        if (OpenAiErrors.applies(ctx)) {
            if (!ctx.res().isCommitted()) { // a failure mid-stream cannot become an error body any more
                OpenAiErrors.write(ctx, problem, json);
            }
            return;
        }
        String body;
        try {
            body = redact.apply(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(body);
        if ("websocket".equalsIgnoreCase(ctx.header("Upgrade"))) {
            // Javalin never sends the result of a refused WebSocket upgrade; send it ourselves.
            try {
                byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ctx.res().setContentLength(bytes.length);
                ctx.res().getOutputStream().write(bytes);
                ctx.res().flushBuffer();
            } catch (java.io.IOException e) {
                log.debug("Client went away before its refused upgrade was answered", e);
            }
        }
    }
}
