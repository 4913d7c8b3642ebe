package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code voice_uploads} table. */
@RegisterConstructorMapper(VoiceUploadRow.class)
public interface VoiceUploadDao {

    @SqlUpdate("""
            INSERT INTO voice_uploads (id, original_name, file, format, sample_rate, channels, duration, size_bytes,
                                       speaker, character_id, created_at, processed_at)
            VALUES (:id, :originalName, :file, :format, :sampleRate, :channels, :duration, :sizeBytes,
                    :speaker, :characterId, :createdAt, NULL)
            """)
    void insert(@BindMethods VoiceUploadRow row);

    @SqlQuery("SELECT * FROM voice_uploads WHERE id = :id")
    Optional<VoiceUploadRow> find(@Bind("id") String id);

    @SqlQuery("SELECT * FROM voice_uploads ORDER BY created_at, id")
    List<VoiceUploadRow> list();

    @SqlQuery("SELECT * FROM voice_uploads WHERE processed_at IS NULL ORDER BY created_at, id")
    List<VoiceUploadRow> unprocessed();

    @SqlUpdate("UPDATE voice_uploads SET processed_at = :at WHERE id = :id")
    int markProcessed(@Bind("id") String id, @Bind("at") Instant at);
}
