package dev.vtubermiku.server.training;

/** A voice training request that cannot be served, and why; the web layer maps {@link Kind} to a status. */
public final class VoiceException extends RuntimeException {

    /** not found 404, conflict 409, invalid 400, unprocessable 422, unavailable 503. */
    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        INVALID,
        UNPROCESSABLE,
        UNAVAILABLE
    }

    private final Kind kind;
    private final String field;

    public VoiceException(Kind kind, String message) {
        this(kind, "", message);
    }

    /** @param field the request field at fault, or empty */
    public VoiceException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
