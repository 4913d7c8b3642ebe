package dev.vtubermiku.server.character;

/** No character with that id (or she was archived, where only live characters will do). */
public final class CharacterNotFoundException extends RuntimeException {

    CharacterNotFoundException(long id, String why) {
        super("There is no character " + id + why + ". GET /api/characters lists them.");
    }
}
