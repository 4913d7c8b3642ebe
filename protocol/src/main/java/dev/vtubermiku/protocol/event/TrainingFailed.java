package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code training.failed}: a run ended without a voice. Either it failed ({@code error}, {@code hint},
 * the trainer's last lines and exit code), or it was cancelled or interrupted by a server stop
 * ({@code cancelled} / {@code interrupted} true, and its {@code status}).
 */
public record TrainingFailed(
        long runId, @Nullable String error, @Nullable String hint, @Nullable List<String> lastLines,
        @Nullable Integer exitCode, @Nullable Boolean cancelled, @Nullable Boolean interrupted, @Nullable String status)
        implements EventPayload {

    public static TrainingFailed failed(long runId, String error, String hint, List<String> lastLines, @Nullable Integer exitCode) {
        return new TrainingFailed(runId, error, hint, List.copyOf(lastLines), exitCode, null, null, null);
    }

    /** Cancelled by the user or interrupted by a server stop; {@code status} is the run's state now. */
    public static TrainingFailed stopped(long runId, boolean cancelled, String status) {
        return new TrainingFailed(runId, null, null, null, null, cancelled ? Boolean.TRUE : null, cancelled ? null : Boolean.TRUE,
                status);
    }

    @Override
    public String eventType() {
        return EventTypes.TRAINING_FAILED;
    }
}
