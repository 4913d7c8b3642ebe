package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code events} table: append-only. */
@RegisterConstructorMapper(EventRow.class)
public interface EventDao {

    @SqlUpdate("""
            INSERT INTO events (event_type, message, data, timestamp, severity)
            VALUES (:type, :message, :data, :timestamp, :severity)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("type") String type, @Bind("message") String message, @Bind("data") String data,
            @Bind("timestamp") Instant timestamp, @Bind("severity") String severity);

    /**
     * Events after {@code afterId} whose type matches one of the GLOB patterns in the JSON array
     * {@code patterns} (our topic patterns use {@code *} exactly as GLOB does).
     */
    @SqlQuery("""
            SELECT id, event_type, message, data, timestamp, severity FROM events
            WHERE id > :afterId
              AND EXISTS (SELECT 1 FROM json_each(:patterns) p WHERE events.event_type GLOB p.value)
            ORDER BY id LIMIT :limit
            """)
    List<EventRow> after(@Bind("afterId") long afterId, @Bind("patterns") String patternsJson, @Bind("limit") int limit);

    @SqlQuery("SELECT id, event_type, message, data, timestamp, severity FROM events WHERE id > :afterId ORDER BY id LIMIT :limit")
    List<EventRow> afterAll(@Bind("afterId") long afterId, @Bind("limit") int limit);

    @SqlQuery("SELECT COALESCE(MAX(id), 0) FROM events")
    long lastId();

    @SqlQuery("SELECT COUNT(*) FROM events")
    long count();

    /** Removes up to {@code limit} of the oldest events stored before {@code cutoff}; the number removed. */
    @SqlUpdate("""
            DELETE FROM events WHERE id IN (SELECT id FROM events WHERE timestamp < :cutoff ORDER BY id LIMIT :limit)
            """)
    int deleteBefore(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);
}
