package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The {@code characters} table. */
@RegisterConstructorMapper(CharacterRow.class)
public interface CharacterDao {

    @SqlUpdate("""
            INSERT INTO characters (name, profile, personality, avatar_url, created_at, updated_at)
            VALUES (:name, :profile, :personality, :avatarUrl, :now, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("name") String name, @Bind("profile") String profile, @Bind("personality") String personality,
            @Bind("avatarUrl") @Nullable String avatarUrl, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE characters SET name = :name, profile = :profile, personality = :personality,
                   avatar_url = :avatarUrl, updated_at = :now
            WHERE id = :id
            """)
    int update(@Bind("id") long id, @Bind("name") String name, @Bind("profile") String profile,
            @Bind("personality") String personality, @Bind("avatarUrl") @Nullable String avatarUrl,
            @Bind("now") Instant now);

    @SqlQuery("SELECT * FROM characters WHERE id = :id")
    Optional<CharacterRow> find(@Bind("id") long id);

    @SqlQuery("SELECT * FROM characters ORDER BY id")
    List<CharacterRow> list();
}
