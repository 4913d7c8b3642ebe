package dev.vtubermiku.server.character;

import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.server.store.CharacterDao;
import dev.vtubermiku.server.store.CharacterRow;
import dev.vtubermiku.server.store.Database;
import java.util.Optional;

/** The character catalog on the {@code characters} table. */
public final class StoreCharacterCatalog implements CharacterCatalog {

    private final Database database;

    public StoreCharacterCatalog(Database database) {
        this.database = database;
    }

    @Override
    public Optional<Persona> find(long id) {
        return database.readDao(CharacterDao.class).find(id).map(StoreCharacterCatalog::persona);
    }

    @Override
    public Persona active() {
        return database.readDao(CharacterDao.class).list().stream().findFirst().map(StoreCharacterCatalog::persona)
                .orElseThrow(() -> new IllegalStateException("there are no characters"));
    }

    private static Persona persona(CharacterRow row) {
        return new Persona(row.id(), row.name(), row.profile(), row.personality(), "", "", null);
    }
}
