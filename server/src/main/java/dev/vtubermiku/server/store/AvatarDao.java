package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code avatars} table: one uploaded avatar per character at most. */
@RegisterConstructorMapper(AvatarRow.class)
public interface AvatarDao {

    @SqlQuery("SELECT * FROM avatars WHERE character_id = :id")
    Optional<AvatarRow> find(@Bind("id") long characterId);

    @SqlUpdate("""
            INSERT INTO avatars (character_id, kind, file_prefix, files, expressions, expression_map, updated_at)
            VALUES (:characterId, :kind, :filePrefix, :files, :expressions, :expressionMap, :updatedAt)
            ON CONFLICT (character_id) DO UPDATE SET kind = excluded.kind, file_prefix = excluded.file_prefix,
                files = excluded.files, expressions = excluded.expressions,
                expression_map = excluded.expression_map, updated_at = excluded.updated_at
            """)
    void put(@BindMethods AvatarRow row);

    @SqlUpdate("UPDATE avatars SET expression_map = :map, updated_at = :now WHERE character_id = :id")
    int updateMap(@Bind("id") long characterId, @Bind("map") String expressionMap, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM avatars WHERE character_id = :id")
    int delete(@Bind("id") long characterId);
}
