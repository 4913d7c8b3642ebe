package dev.vtubermiku.server.character;

/** A change that would leave the characters in a state chat cannot work with. */
public final class CharacterConflictException extends RuntimeException {

    CharacterConflictException(String message) {
        super(message);
    }
}
