package dev.vtubermiku.server.speech;

/**
 * A remote speech server failed: unreachable, an error status, or a body cut short. The message is
 * already redacted (no key, no configured secret), so it may go to logs, events and clients.
 */
public final class RemoteSpeechException extends RuntimeException {

    private final int status;

    RemoteSpeechException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the remote answered, or 0 when it was not reached or the body broke off. */
    public int status() {
        return status;
    }
}
