package dev.vtubermiku.core.chat;

/** The request named a character that does not exist or was archived, or there is no character at all. */
public final class UnknownCharacterException extends RuntimeException {
    public UnknownCharacterException(String message) {
        super(message);
    }
}
