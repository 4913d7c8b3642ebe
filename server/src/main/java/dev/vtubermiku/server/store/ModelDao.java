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

/** The {@code models} table: training runs, their checkpoints and trained voices. */
@RegisterConstructorMapper(VoiceModelRow.class)
@RegisterConstructorMapper(TrainingModelRow.class)
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
    Optional<VoiceModelRow> find(@Bind("id") long id);

    @SqlQuery("SELECT * FROM models ORDER BY id")
    List<VoiceModelRow> list();

    // --- training ---------------------------------------------------------------------------------

    @SqlUpdate("""
            INSERT INTO models (name, model_path, character_id, status, epochs_trained, loss, created_at, updated_at,
                                kind, run_id, params, step)
            VALUES (:name, :modelPath, :characterId, :status, :epochs, :loss, :now, :now, :kind, :runId, :params, :step)
            """)
    @GetGeneratedKeys("id")
    long insertTraining(@Bind("kind") String kind, @Bind("name") String name, @Bind("modelPath") @Nullable String modelPath,
            @Bind("characterId") @Nullable Long characterId, @Bind("status") String status, @Bind("runId") @Nullable Long runId,
            @Bind("params") @Nullable String params, @Bind("epochs") int epochs, @Bind("step") long step,
            @Bind("loss") @Nullable Double loss, @Bind("now") Instant now);

    @SqlQuery("SELECT * FROM models WHERE id = :id")
    Optional<TrainingModelRow> training(@Bind("id") long id);

    @SqlQuery("SELECT * FROM models WHERE kind = :kind ORDER BY id")
    List<TrainingModelRow> byKind(@Bind("kind") String kind);

    @SqlQuery("SELECT * FROM models WHERE kind = 'checkpoint' AND (:runId IS NULL OR run_id = :runId) ORDER BY id")
    List<TrainingModelRow> checkpoints(@Bind("runId") @Nullable Long runId);

    @SqlQuery("SELECT * FROM models WHERE kind = 'checkpoint' AND model_path = :path")
    Optional<TrainingModelRow> checkpointAt(@Bind("path") String path);

    @SqlQuery("SELECT * FROM models WHERE kind = 'run' AND status IN ('queued', 'preparing', 'training', 'exporting') ORDER BY id")
    List<TrainingModelRow> activeRuns();

    @SqlUpdate("""
            UPDATE models SET status = :status, epochs_trained = :epochs, step = :step, loss = :loss, updated_at = :now
            WHERE id = :id
            """)
    int updateRun(@Bind("id") long id, @Bind("status") String status, @Bind("epochs") int epochs, @Bind("step") long step,
            @Bind("loss") @Nullable Double loss, @Bind("now") Instant now);

    @SqlUpdate("UPDATE models SET status = :status, error = :error, hint = :hint, updated_at = :now WHERE id = :id")
    int endRun(@Bind("id") long id, @Bind("status") String status, @Bind("error") @Nullable String error,
            @Bind("hint") @Nullable String hint, @Bind("now") Instant now);

    @SqlUpdate("UPDATE models SET model_path = :path, voice = :voice, updated_at = :now WHERE id = :id")
    int setVoice(@Bind("id") long id, @Bind("path") String path, @Bind("voice") String voice, @Bind("now") Instant now);

    @SqlUpdate("INSERT OR IGNORE INTO model_clips (model_id, clip_id, filename, transcript) VALUES (:model, :clip, :file, :text)")
    int recordClip(@Bind("model") long modelId, @Bind("clip") long clipId, @Bind("file") String filename,
            @Bind("text") String transcript);

    @SqlQuery("SELECT count(*) FROM model_clips WHERE model_id = :model")
    int clipCount(@Bind("model") long modelId);
}
