package dev.vtubermiku.server.character;

import dev.vtubermiku.protocol.Problem.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** Character fields that cannot be saved, each with what is wrong with it. */
public final class InvalidCharacterException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidCharacterException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
