package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The {@code chat_logs} table. */
@RegisterConstructorMapper(ChatLogRow.class)
public interface ChatLogDao {

    @SqlUpdate("""
            INSERT INTO chat_logs (character_id, user_message, character_response, audio_file, timestamp, emotion)
            VALUES (:characterId, :userMessage, :characterResponse, :audioFile, :timestamp, :emotion)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("characterId") long characterId, @Bind("userMessage") String userMessage,
            @Bind("characterResponse") String characterResponse, @Bind("audioFile") @Nullable String audioFile,
            @Bind("timestamp") Instant timestamp, @Bind("emotion") @Nullable String emotion);

    /** The same with where the line came from and, for a viewer's line, the viewer's name. */
    @SqlUpdate("""
            INSERT INTO chat_logs (character_id, user_message, character_response, audio_file, timestamp, emotion, origin,
                                   viewer_name)
            VALUES (:characterId, :userMessage, :characterResponse, :audioFile, :timestamp, :emotion, :origin, :viewerName)
            """)
    @GetGeneratedKeys("id")
    long insertFrom(@Bind("characterId") long characterId, @Bind("userMessage") String userMessage,
            @Bind("characterResponse") String characterResponse, @Bind("audioFile") @Nullable String audioFile,
            @Bind("timestamp") Instant timestamp, @Bind("emotion") @Nullable String emotion,
            @Bind("origin") String origin, @Bind("viewerName") @Nullable String viewerName);

    /** The newest {@code limit} exchanges with a character, oldest first. */
    @SqlQuery("""
            SELECT * FROM (SELECT * FROM chat_logs WHERE character_id = :characterId ORDER BY id DESC LIMIT :limit)
            ORDER BY id
            """)
    List<ChatLogRow> recent(@Bind("characterId") long characterId, @Bind("limit") int limit);

    /** A page of history, newest first: ids below {@code beforeId}, of one character or (null) of all. */
    @SqlQuery("""
            SELECT * FROM chat_logs
            WHERE id < :beforeId AND (:characterId IS NULL OR character_id = :characterId)
            ORDER BY id DESC LIMIT :limit
            """)
    List<ChatLogRow> page(@Bind("characterId") @Nullable Long characterId, @Bind("beforeId") long beforeId,
            @Bind("limit") int limit);

    @SqlQuery("SELECT * FROM chat_logs WHERE id = :id")
    java.util.Optional<ChatLogRow> find(@Bind("id") long id);

    /** Barge-in: the reply becomes what was heard of it. */
    @SqlUpdate("UPDATE chat_logs SET character_response = :heard, interrupted = 1 WHERE id = :id")
    int markInterrupted(@Bind("id") long id, @Bind("heard") String heard);

    @SqlQuery("SELECT COUNT(*) FROM chat_logs WHERE character_id = :characterId")
    long countFor(@Bind("characterId") long characterId);
}
