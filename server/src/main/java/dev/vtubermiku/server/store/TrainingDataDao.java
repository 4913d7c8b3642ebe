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

/** The {@code training_data} table. */
@RegisterConstructorMapper(TrainingClipRow.class)
public interface TrainingDataDao {

    @SqlUpdate("""
            INSERT INTO training_data (filename, transcript, duration, speaker, emotion, quality, created_at)
            VALUES (:filename, :transcript, :duration, :speaker, :emotion, :quality, :createdAt)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("filename") String filename, @Bind("transcript") @Nullable String transcript,
            @Bind("duration") double duration, @Bind("speaker") @Nullable String speaker,
            @Bind("emotion") @Nullable String emotion, @Bind("quality") @Nullable String quality,
            @Bind("createdAt") Instant createdAt);

    @SqlQuery("SELECT * FROM training_data WHERE id = :id")
    Optional<TrainingClipRow> find(@Bind("id") long id);

    @SqlQuery("SELECT * FROM training_data ORDER BY id")
    List<TrainingClipRow> list();
}
