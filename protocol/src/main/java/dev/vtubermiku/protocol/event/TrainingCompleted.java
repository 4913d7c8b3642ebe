package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/** {@code training.completed}: the run's voice is exported, installed, speaks, and is the character's. */
public record TrainingCompleted(long runId, String voice, @Nullable Long characterId, int epochsTrained, @Nullable Double loss,
        String modelPath) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.TRAINING_COMPLETED;
    }
}
