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

/** The {@code memories} table. */
@RegisterConstructorMapper(MemoryRow.class)
public interface MemoryDao {

    @SqlUpdate("""
            INSERT INTO memories (character_id, chat_log_id, user_message, character_response, embedding, embedding_model, created_at)
            VALUES (:characterId, :chatLogId, :userMessage, :response, :embedding, :model, :createdAt)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("characterId") long characterId, @Bind("chatLogId") @Nullable Long chatLogId,
            @Bind("userMessage") String userMessage, @Bind("response") String response,
            @Bind("embedding") byte[] embedding, @Bind("model") String model, @Bind("createdAt") Instant createdAt);

    @SqlQuery("SELECT * FROM memories WHERE character_id = :characterId AND embedding_model = :model ORDER BY id")
    List<MemoryRow> all(@Bind("characterId") long characterId, @Bind("model") String model);

    @SqlQuery("SELECT * FROM memories WHERE character_id = :characterId AND id < :beforeId ORDER BY id DESC LIMIT :limit")
    List<MemoryRow> page(@Bind("characterId") long characterId, @Bind("beforeId") long beforeId, @Bind("limit") int limit);

    @SqlQuery("SELECT * FROM memories WHERE character_id = :characterId AND id = :id")
    Optional<MemoryRow> find(@Bind("characterId") long characterId, @Bind("id") long id);

    @SqlQuery("SELECT COUNT(*) FROM memories WHERE character_id = :characterId")
    long count(@Bind("characterId") long characterId);

    @SqlUpdate("DELETE FROM memories WHERE character_id = :characterId")
    int deleteAll(@Bind("characterId") long characterId);

    @SqlUpdate("DELETE FROM memories WHERE character_id = :characterId AND id = :id")
    int delete(@Bind("characterId") long characterId, @Bind("id") long id);
}
