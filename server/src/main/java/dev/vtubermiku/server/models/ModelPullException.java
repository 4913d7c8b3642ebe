package dev.vtubermiku.server.models;

/** Why a pull did not finish, in words a user can act on. */
public final class ModelPullException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong; {@link #retryable()} ones are tried again (resuming) before a pull gives up. */
    public enum Reason {
        NOT_FOUND(false),
        HTTP(false),
        SERVER(true),
        TIMEOUT(true),
        CONNECTION(true),
        CHECKSUM(false),
        SIZE(false),
        DISK_FULL(false),
        BUSY(false),
        IO(false),
        CANCELLED(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;

    public ModelPullException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModelPullException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return reason.retryable();
    }
}
