package dev.vtubermiku.server.training;

import dev.vtubermiku.server.store.files.AudioFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * Where voice training keeps its files: DATA_DIR/voice/{uploads, clips, runs}. Uploads and clips are
 * the user's audio: they are written and read through {@link #files()} (sealed when a data key is set).
 */
public final class VoiceFolders {

    private final Supplier<Path> dataDir;
    private final AudioFiles files;

    public VoiceFolders(Supplier<Path> dataDir, AudioFiles files) {
        this.dataDir = dataDir;
        this.files = files;
    }

    public Path uploads() {
        return dataDir.get().resolve(AudioFiles.UPLOADS);
    }

    public Path clips() {
        return dataDir.get().resolve(AudioFiles.CLIPS);
    }

    /** Reads and writes the audio in {@link #uploads()} and {@link #clips()}. */
    public AudioFiles files() {
        return files;
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
