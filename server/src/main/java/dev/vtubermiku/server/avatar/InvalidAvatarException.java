package dev.vtubermiku.server.avatar;

/** An avatar upload that is refused, with the HTTP status it deserves (400, 413 or 415) and why. */
public final class InvalidAvatarException extends RuntimeException {

    private final int status;

    InvalidAvatarException(int status, String message) {
        super(message);
        this.status = status;
    }

    static InvalidAvatarException invalid(String message) {
        return new InvalidAvatarException(400, message);
    }

    static InvalidAvatarException tooLarge(String message) {
        return new InvalidAvatarException(413, message);
    }

    public int status() {
        return status;
    }
}
