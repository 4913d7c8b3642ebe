package dev.vtubermiku.server.character;

/** A character card that cannot be read: not JSON or PNG, no card inside, or not a card at all. */
public final class InvalidCardException extends RuntimeException {

    private final boolean unsupportedMediaType;

    InvalidCardException(String message, boolean unsupportedMediaType) {
        super(message);
        this.unsupportedMediaType = unsupportedMediaType;
    }

    InvalidCardException(String message) {
        this(message, false);
    }

    /** True when the bytes are neither JSON nor PNG (a 415 rather than a 400). */
    public boolean unsupportedMediaType() {
        return unsupportedMediaType;
    }
}
