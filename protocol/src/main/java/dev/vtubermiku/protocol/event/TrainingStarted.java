package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code training.started}: a run was queued, either new (its parameters) or resumed from a
 * checkpoint ({@code resumed: true} and the checkpoint's path).
 */
public record TrainingStarted(
        long runId, @Nullable String name, @Nullable Long characterId, @Nullable Integer clips,
        @Nullable Double audioSeconds, @Nullable Integer epochs, @Nullable String baseCheckpoint,
        @Nullable Boolean resumed, @Nullable String checkpoint) implements EventPayload {

    public static TrainingStarted started(long runId, String name, @Nullable Long characterId, int clips, double audioSeconds,
            int epochs, @Nullable String baseCheckpoint) {
        return new TrainingStarted(runId, name, characterId, clips, audioSeconds, epochs, baseCheckpoint, null, null);
    }

    public static TrainingStarted resumed(long runId, String checkpoint) {
        return new TrainingStarted(runId, null, null, null, null, null, null, true, checkpoint);
    }

    @Override
    public String eventType() {
        return EventTypes.TRAINING_STARTED;
    }
}
