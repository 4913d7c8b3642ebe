package dev.vtubermiku.server.training;

import dev.vtubermiku.core.training.TrainerOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where PyTorch Lightning (under piper1-gpl's {@code fit}) writes in a run folder:
 * {@code lightning_logs/version_N/metrics.csv} and {@code lightning_logs/version_N/checkpoints/*.ckpt}.
 */
final class LightningLayout {

    private LightningLayout() {}

    /** The newest {@code lightning_logs/version_N} folder (each resume starts a new one). */
    static Optional<Path> newestVersion(Path root) throws IOException {
        Path logs = root.resolve("lightning_logs");
        if (!Files.isDirectory(logs)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(logs)) {
            return versions.filter(p -> p.getFileName().toString().matches("version_\\d+"))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(8))));
        }
    }

    /** Every {@code lightning_logs/version_N/checkpoints/*.ckpt}, oldest first. */
    static List<Path> checkpointFiles(Path root) throws IOException {
        Path logs = root.resolve("lightning_logs");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(logs)) {
            return found;
        }
        try (Stream<Path> versions = Files.list(logs)) {
            for (Path v : versions.filter(p -> p.getFileName().toString().matches("version_\\d+")).toList()) {
                Path dir = v.resolve("checkpoints");
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).forEach(found::add);
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(LightningLayout::modified));
        return found;
    }

    /** The checkpoint to resume or export from: the newest, preferring last.ckpt when it is the newest. */
    static Optional<Path> latestCheckpoint(Path root) {
        try {
            List<Path> all = checkpointFiles(root);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The absolute epoch Lightning continues at from a checkpoint named epoch=K (K + 1). */
    static Optional<Integer> epochAfter(Path checkpoint) {
        return TrainerOutput.checkpoint(checkpoint.getFileName().toString()).map(p -> (int) p[0] + 1);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
