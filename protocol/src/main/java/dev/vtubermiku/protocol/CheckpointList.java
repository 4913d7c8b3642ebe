package dev.vtubermiku.protocol;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/voice/checkpoints}: the checkpoints training runs wrote ({@code lightning_logs/version_N/checkpoints/*.ckpt}),
 * oldest first. {@code epoch} counts the run's own epochs; {@code exists} is false for a file the trainer
 * has since replaced (it keeps only its best few).
 */
public record CheckpointList(List<Checkpoint> checkpoints) {

    public record Checkpoint(long id, long runId, String name, String path, int epoch, long step, @Nullable Double loss,
            boolean exists, long sizeBytes, Instant createdAt) {}
}
