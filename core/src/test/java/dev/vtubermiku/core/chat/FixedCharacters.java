package dev.vtubermiku.core.chat;

import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.character.Persona;
import java.util.Optional;

/** A catalog of one character, the active one, for tests. */
public record FixedCharacters(Persona persona) implements CharacterCatalog {

    public static final Persona MIKU = new Persona(1, "Miku", "A cheerful virtual singer.", "upbeat", "Hi!", "", null);

    public FixedCharacters() {
        this(MIKU);
    }

    @Override
    public Optional<Persona> find(long id) {
        return id == persona.id() ? Optional.of(persona) : Optional.empty();
    }

    @Override
    public Persona active() {
        return persona;
    }
}
