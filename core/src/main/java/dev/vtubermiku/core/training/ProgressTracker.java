package dev.vtubermiku.core.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Follows one training process: combines the progress bar (fine-grained, within an epoch) with the
 * metrics file (losses, steps) into {@link TrainingProgress}, and estimates the time left from the
 * pace of this process so far. One thread at a time.
 */
public final class ProgressTracker {

    private final Clock clock;
    private final int targetEpochs;
    private final int startEpoch;
    private final Instant started;
    private int epochsDone;
    private double fraction;
    private long step;
    private @Nullable Double loss;

    /**
     * @param targetEpochs the epoch count the run ends at
     * @param startEpoch epochs already done when this process started (a resumed run)
     */
    public ProgressTracker(Clock clock, int targetEpochs, int startEpoch) {
        this.clock = clock;
        this.targetEpochs = targetEpochs;
        this.startEpoch = startEpoch;
        this.epochsDone = startEpoch;
        this.started = clock.instant();
    }

    /** A progress bar reading. Returns the new progress when it changed what we know. */
    public Optional<TrainingProgress> bar(TrainerOutput.BarProgress bar) {
        int done = bar.batch() >= bar.batches() ? bar.epoch() + 1 : bar.epoch();
        double f = bar.batches() > 0 ? (double) bar.batch() / bar.batches() : 0;
        boolean changed = done != epochsDone || Math.abs(f - fraction) >= 0.1;
        epochsDone = Math.max(epochsDone, done);
        fraction = done > bar.epoch() ? 0 : f;
        return changed ? Optional.of(current()) : Optional.empty();
    }

    /** A metrics row. Returns the new progress when it changed the epoch, step or loss. */
    public Optional<TrainingProgress> metrics(TrainerOutput.MetricsRow row) {
        boolean changed = false;
        if (row.step() > step) {
            step = row.step();
            changed = true;
        }
        Optional<Double> l = row.loss();
        if (l.isPresent() && !l.get().equals(loss)) {
            loss = l.get();
            changed = true;
        }
        // A validation row is written at the end of its epoch.
        if (row.values().containsKey("val_loss") && row.epoch() + 1 > epochsDone) {
            epochsDone = row.epoch() + 1;
            fraction = 0;
            changed = true;
        }
        return changed ? Optional.of(current()) : Optional.empty();
    }

    public TrainingProgress current() {
        return new TrainingProgress(epochsDone, step, loss, eta());
    }

    public int epochsDone() {
        return epochsDone;
    }

    public @Nullable Double loss() {
        return loss;
    }

    private @Nullable Long eta() {
        double progressed = epochsDone - startEpoch + fraction;
        if (progressed <= 0) {
            return null;
        }
        double elapsed = Duration.between(started, clock.instant()).toMillis() / 1000.0;
        double remaining = Math.max(0, targetEpochs - epochsDone - fraction);
        return Math.round(elapsed / progressed * remaining);
    }
}
