package dev.vtubermiku.protocol.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code audio.processed}: a processing job cut one new training clip out of an upload.
 *
 * @param uploadId the upload it was cut from; always present, null when it has none
 * @param duration the clip's length, in seconds
 * @param grade its quality grade; always present, null when not graded
 * @param needsTranscript whether its transcript still has to be checked by hand
 * @param transcript what Whisper heard in it; always present, null when nothing
 * @param uploadsDone the job's uploads finished so far
 * @param uploadsTotal the job's uploads in all
 */
public record AudioProcessed(String jobId, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String uploadId, long clipId,
        String filename, double duration, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String grade,
        boolean needsTranscript, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String transcript, int uploadsDone,
        int uploadsTotal) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.AUDIO_PROCESSED;
    }
}
