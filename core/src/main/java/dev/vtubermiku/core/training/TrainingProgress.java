package dev.vtubermiku.core.training;

import org.jspecify.annotations.Nullable;

/**
 * What a {@code training.progress} event says.
 *
 * @param epoch epochs finished so far (counting those of a run it resumed)
 * @param step optimizer steps so far
 * @param loss the latest loss, when the trainer has logged one
 * @param etaSeconds estimated seconds until the last epoch ends, when it can be estimated
 */
public record TrainingProgress(int epoch, long step, @Nullable Double loss, @Nullable Long etaSeconds) {}
