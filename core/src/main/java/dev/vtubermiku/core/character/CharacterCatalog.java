package dev.vtubermiku.core.character;

import java.util.Optional;

/** Where the chat engine finds characters. */
public interface CharacterCatalog {

    /** The character with this id, unless there is none or it was archived. */
    Optional<Persona> find(long id);

    /** The active character: the one chat uses when a request names none. */
    Persona active();
}
