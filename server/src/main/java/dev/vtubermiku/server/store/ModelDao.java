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

/** The {@code models} table. */
@RegisterConstructorMapper(ModelRow.class)
public interface ModelDao {

    @SqlUpdate("""
            INSERT INTO models (name, model_path, character_id, status, epochs_trained, loss, created_at, updated_at)
            VALUES (:name, :modelPath, :characterId, :status, 0, NULL, :now, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("name") String name, @Bind("modelPath") @Nullable String modelPath,
            @Bind("characterId") @Nullable Long characterId, @Bind("status") String status, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE models SET status = :status, epochs_trained = :epochs, loss = :loss, updated_at = :now
            WHERE id = :id
            """)
    int updateProgress(@Bind("id") long id, @Bind("status") String status, @Bind("epochs") int epochsTrained,
            @Bind("loss") @Nullable Double loss, @Bind("now") Instant now);

    @SqlQuery("SELECT * FROM models WHERE id = :id")
    Optional<ModelRow> find(@Bind("id") long id);

    @SqlQuery("SELECT * FROM models ORDER BY id")
    List<ModelRow> list();
}
