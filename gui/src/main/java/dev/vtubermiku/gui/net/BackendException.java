package dev.vtubermiku.gui.net;

import org.jspecify.annotations.Nullable;

/**
 * A request that did not succeed: the backend's problem details ({@code status} 4xx/5xx), or
 * {@code status} 0 when the backend could not be reached at all.
 */
public final class BackendException extends RuntimeException {

    private final int status;
    private final String title;
    private final byte[] body;

    public BackendException(int status, String title, @Nullable String detail, @Nullable Throwable cause) {
        this(status, title, detail, cause, new byte[0]);
    }

    public BackendException(int status, String title, @Nullable String detail, @Nullable Throwable cause, byte[] body) {
        super(detail == null || detail.isBlank() ? title : title + ": " + detail, cause);
        this.status = status;
        this.title = title;
        this.body = body.clone();
    }

    /**
     * The answer's body as sent: some refusals are not problem details but the endpoint's own answer
     * (an upload where every file was refused is a 422 listing each file's reason).
     */
    public byte[] body() {
        return body.clone();
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public boolean unreachable() {
        return status == 0;
    }

    /** The message for a user: what went wrong and, from the backend, what to do. */
    public static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof BackendException api ? api.getMessage() : String.valueOf(e.getMessage() != null ? e.getMessage() : e);
    }

    /** The BackendException inside a future's failure, or null. */
    public static @Nullable BackendException of(Throwable error) {
        Throwable e = error;
        while (e != null && !(e instanceof BackendException)) {
            e = e.getCause();
        }
        return (BackendException) e;
    }
}
