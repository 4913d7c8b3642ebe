package dev.vtubermiku.server.web;

import dev.vtubermiku.protocol.Problem.FieldError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A request that cannot be served, with what the client should know; becomes a problem response. */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final @Nullable List<FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, @Nullable List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, Problems.type("bad-request"), "Bad request", detail, null);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(400, Problems.type("validation"), "Invalid input", detail, errors);
    }

    public static ProblemException invalidParam(String name, String message) {
        return invalid(name + " " + message, List.of(new FieldError(name, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "about:blank", "Not found", detail, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public @Nullable List<FieldError> errors() {
        return errors;
    }
}
