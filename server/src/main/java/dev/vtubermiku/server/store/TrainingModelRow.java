package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code models} with what training adds. {@code kind}: run, checkpoint or voice;
 * {@code runId} names the run a checkpoint or voice came from; {@code params} is the run's request
 * as JSON; {@code error} and {@code hint} say why a run failed; {@code voice} is the installed voice's name.
 */
public record TrainingModelRow(
        long id, String name, @Nullable String modelPath, @Nullable Long characterId, String status, int epochsTrained,
        @Nullable Double loss, Instant createdAt, Instant updatedAt, String kind, @Nullable Long runId,
        @Nullable String params, long step, @Nullable String error, @Nullable String hint, @Nullable String voice) {}
