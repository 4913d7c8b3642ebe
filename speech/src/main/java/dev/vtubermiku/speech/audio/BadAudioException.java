package dev.vtubermiku.speech.audio;

/** Audio that cannot be used, and why, in words a user can act on. */
public final class BadAudioException extends Exception {

    /** What is wrong; the web layer picks the status from it. */
    public enum Reason {
        /** Zero bytes. */
        EMPTY,
        /** Not a format we read (text, an image, an unknown codec). */
        NOT_AUDIO,
        /** A known format, but cut short or damaged. */
        DAMAGED,
        /** Readable, but outside what we accept (too many channels, too long). */
        OUT_OF_LIMITS
    }

    private final Reason reason;

    public BadAudioException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BadAudioException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
