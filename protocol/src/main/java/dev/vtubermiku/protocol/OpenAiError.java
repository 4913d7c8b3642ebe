package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's error body, which OpenAI-compatible clients parse on {@code /v1} paths:
 * {@code {"error":{"message":…,"type":…,"param":…,"code":…}}} (param and code may be null, and are sent as null).
 */
public record OpenAiError(Body error) {

    /** What went wrong; {@code type} is OpenAI's class (invalid_request_error, authentication_error, server_error, …). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, @Nullable String param, @Nullable String code) {}
}
