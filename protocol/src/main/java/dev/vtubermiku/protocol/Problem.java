package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * RFC 9457 problem details ({@code application/problem+json}). {@code errorId} is set on 500s so
 * a user can quote it and we can find the logged stack trace; {@code errors} lists per-field
 * complaints of a validation failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable String errorId,
        @Nullable List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input: which field, and what is wrong with it. */
    public record FieldError(String field, String message) {}
}
