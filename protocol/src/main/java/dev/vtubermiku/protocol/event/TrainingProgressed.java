package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code training.progress}: where a run is, at most once a second within an epoch.
 *
 * @param epoch  epochs done in this run (a base checkpoint's own epochs not counted)
 * @param epochs epochs the run was asked for
 * @param etaS   seconds to the end at the current pace, when known
 */
public record TrainingProgressed(long runId, int epoch, long step, @Nullable Double loss, @Nullable Long etaS, int epochs)
        implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.TRAINING_PROGRESS;
    }
}
