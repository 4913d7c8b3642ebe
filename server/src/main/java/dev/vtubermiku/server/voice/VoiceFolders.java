package dev.vtubermiku.server.voice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/** Where voice training keeps its files: DATA_DIR/voice/{uploads, clips, runs}. */
public final class VoiceFolders {

    private final Supplier<Path> dataDir;

    public VoiceFolders(Supplier<Path> dataDir) {
        this.dataDir = dataDir;
    }

    public Path uploads() {
        return dataDir.get().resolve("voice/uploads");
    }

    public Path clips() {
        return dataDir.get().resolve("voice/clips");
    }

    /** One folder per training run: dataset, trainer output, logs. */
    public Path run(long runId) {
        return dataDir.get().resolve("voice/runs").resolve(Long.toString(runId));
    }

    /**
     * Writes a file so that it either is there whole or not at all: to a temporary name beside it,
     * then renamed.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.write(part, bytes);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
