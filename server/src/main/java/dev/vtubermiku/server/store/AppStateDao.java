package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code app_state} table: small named values that must survive a restart. */
public interface AppStateDao {

    String ACTIVE_CHARACTER = "active_character_id";
    String STARTERS_SEEDED = "starter_characters_seeded";

    @SqlQuery("SELECT value FROM app_state WHERE key = :key")
    Optional<String> get(@Bind("key") String key);

    @SqlUpdate("""
            INSERT INTO app_state (key, value, updated_at) VALUES (:key, :value, :now)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """)
    void put(@Bind("key") String key, @Bind("value") String value, @Bind("now") Instant now);
}
