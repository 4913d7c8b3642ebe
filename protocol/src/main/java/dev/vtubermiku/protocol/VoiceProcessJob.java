package dev.vtubermiku.protocol;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A processing job ({@code POST /api/voice/process}, {@code GET /api/voice/process/{job_id}}).
 * {@code state}: queued, running, done (every upload processed) or failed (some upload could not be;
 * see {@code errors}). {@code clips_existing} counts clips an earlier run had already made.
 */
public record VoiceProcessJob(String jobId, String state, List<String> uploadIds, int uploadsDone, int clipsAdded,
        int clipsExisting, List<UploadError> errors, Instant createdAt, @Nullable Instant finishedAt) {

    public record UploadError(String uploadId, String message) {}
}
