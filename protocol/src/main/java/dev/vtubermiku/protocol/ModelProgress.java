package dev.vtubermiku.protocol;

import dev.vtubermiku.protocol.event.EventPayload;
import org.jspecify.annotations.Nullable;

/**
 * The data of a {@code model.progress} event: where one pull stands. {@code kind} is the model's
 * folder (piper, whisper, vad, checkpoints); {@code phase} is {@code downloading} or
 * {@code verifying} (a file already there being checked); {@code etaS} is null until there is a speed.
 */
public record ModelProgress(
        String name,
        String kind,
        String jobId,
        String file,
        String phase,
        long bytesDone,
        long bytesTotal,
        int percent,
        long bytesPerSecond,
        @Nullable Long etaS) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.MODEL_PROGRESS;
    }
}
