package dev.vtubermiku.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An OS file lock on {@code <database>.lock}: the backend holds it while it runs, and the commands
 * that rewrite the store ({@code ./vtuber data ...}, restore) refuse to start without it. The lock
 * goes with the process, so a killed backend never leaves it taken.
 */
public final class StoreLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process (or this one) holds it. */
    public static Optional<StoreLock> tryTake(Path database) {
        Path file = lockFile(database);
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(new StoreLock(channel, lock));
                }
            } catch (OverlappingFileLockException e) {
                // held by this JVM
            }
            channel.close(); // (POSIX: would also drop this JVM's own lock on the file; the backend asks once)
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /**
     * True when another process holds the lock (a backend, a conversion, a restore); false when it
     * is free or held in this JVM. Call it only when this JVM holds no lock on the store: closing
     * the probing channel releases every lock this process has on the file (POSIX locks).
     */
    public static boolean heldByAnotherProcess(Path database) {
        Path file = lockFile(database);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the lock " + file, e);
        }
    }

    private static Path lockFile(Path database) {
        return database.toAbsolutePath().resolveSibling(database.getFileName() + ".lock");
    }

    @Override
    public void close() {
        if (!channel.isOpen()) {
            return; // closed already (a database closed twice)
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
