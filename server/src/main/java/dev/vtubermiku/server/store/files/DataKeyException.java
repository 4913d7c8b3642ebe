package dev.vtubermiku.server.store.files;

/**
 * A data key that is missing, wrong or unreadable. Its message is one line that says what to do and
 * never holds the key; the CLI prints it and exits with code 2.
 */
public final class DataKeyException extends RuntimeException {

    public DataKeyException(String message) {
        super(message);
    }
}
