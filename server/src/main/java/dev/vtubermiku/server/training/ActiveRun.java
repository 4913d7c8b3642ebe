package dev.vtubermiku.server.training;

import dev.vtubermiku.core.training.ProgressTracker;
import dev.vtubermiku.core.training.RunState;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/** The run that holds the trainer now: its state, its process, and whether it was asked to stop. */
final class ActiveRun {
    final long runId;
    final RunParams params;
    volatile RunState state;
    volatile @Nullable TrainerProcess process;
    volatile boolean cancelled;
    volatile @Nullable ProgressTracker tracker;
    volatile List<String> tail = List.of();
    final CountDownLatch ended = new CountDownLatch(1);

    ActiveRun(long runId, RunParams params, RunState state) {
        this.runId = runId;
        this.params = params;
        this.state = state;
    }
}
