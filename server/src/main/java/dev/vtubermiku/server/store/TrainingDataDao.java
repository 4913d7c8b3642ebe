package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/** The {@code training_data} table. */
@RegisterConstructorMapper(TrainingClipRow.class)
@RegisterConstructorMapper(VoiceClipRow.class)
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

    /** A processed clip; the id is ignored (made by the database). */
    @SqlUpdate("""
            INSERT INTO training_data (filename, transcript, duration, speaker, emotion, quality, created_at, upload_id,
                                       source_start_ms, source_end_ms, sample_rate, snr_db, clipping_ratio, speech_ratio,
                                       included, needs_transcript)
            VALUES (:filename, :transcript, :duration, :speaker, :emotion, :quality, :createdAt, :uploadId,
                    :sourceStartMs, :sourceEndMs, :sampleRate, :snrDb, :clippingRatio, :speechRatio,
                    :included, :needsTranscript)
            """)
    @GetGeneratedKeys("id")
    long insertClip(@BindMethods VoiceClipRow clip);

    @SqlQuery("SELECT * FROM training_data WHERE id = :id")
    Optional<VoiceClipRow> clip(@Bind("id") long id);

    @SqlQuery("SELECT * FROM training_data WHERE upload_id = :uploadId AND source_start_ms = :startMs")
    Optional<VoiceClipRow> clipAt(@Bind("uploadId") String uploadId, @Bind("startMs") long startMs);

    /** Clips, oldest first, filtered where a filter is given (null: any). */
    @SqlQuery("""
            SELECT * FROM training_data
            WHERE (:speaker IS NULL OR speaker = :speaker)
              AND (:grade IS NULL OR quality = :grade)
              AND (:included IS NULL OR included = :included)
              AND (:uploadId IS NULL OR upload_id = :uploadId)
              AND (:needsTranscript IS NULL OR needs_transcript = :needsTranscript)
              AND id > :after
            ORDER BY id LIMIT :limit
            """)
    List<VoiceClipRow> clips(@Bind("speaker") @Nullable String speaker, @Bind("grade") @Nullable String grade,
            @Bind("included") @Nullable Boolean included, @Bind("uploadId") @Nullable String uploadId,
            @Bind("needsTranscript") @Nullable Boolean needsTranscript, @Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery("""
            SELECT * FROM training_data
            WHERE included = 1 AND transcript IS NOT NULL AND trim(transcript) <> ''
              AND (:speaker IS NULL OR speaker = :speaker)
            ORDER BY id
            """)
    List<VoiceClipRow> trainable(@Bind("speaker") @Nullable String speaker);

    @SqlUpdate("""
            UPDATE training_data SET transcript = :transcript, emotion = :emotion, included = :included,
                   needs_transcript = :needsTranscript
            WHERE id = :id
            """)
    int update(@Bind("id") long id, @Bind("transcript") @Nullable String transcript, @Bind("emotion") @Nullable String emotion,
            @Bind("included") boolean included, @Bind("needsTranscript") boolean needsTranscript);

    @SqlUpdate("DELETE FROM training_data WHERE id = :id")
    int delete(@Bind("id") long id);
}
