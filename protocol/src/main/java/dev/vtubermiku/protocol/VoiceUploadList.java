package dev.vtubermiku.protocol;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/voice/uploads}: the stored recordings, oldest first. {@code original_name} is the
 * client's file name (a label); {@code processed_at} is set once a processing job has cut it into clips.
 */
public record VoiceUploadList(List<Upload> uploads) {

    public record Upload(String id, String originalName, String format, int sampleRate, int channels, double duration,
            long sizeBytes, @Nullable String speaker, @Nullable Long characterId, Instant createdAt, @Nullable Instant processedAt) {}
}
