package dev.vtubermiku.protocol;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A training run ({@code models} row of kind run). {@code status}: queued, preparing, training,
 * exporting, ready, failed, cancelled or interrupted. {@code epochs_trained} counts this run's own
 * epochs (not the base checkpoint's); {@code eta_s} is an estimate while training. When ready,
 * {@code voice} is the installed Piper voice (assigned to the character). {@code error}, {@code hint}
 * and {@code log_tail} say why a run failed.
 */
public record TrainingRunInfo(long id, String name, String status, @Nullable Long characterId, int epochs,
        int epochsTrained, long step, @Nullable Double loss, @Nullable Long etaS, @Nullable String baseCheckpoint,
        int batchSize, String quality, String espeakVoice, int clips, double audioSeconds, @Nullable String voice,
        @Nullable String modelPath, @Nullable String error, @Nullable String hint, List<String> logTail,
        Instant createdAt, Instant updatedAt) {}
