package dev.vtubermiku.server.store;

import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./vtuber data encrypt | decrypt | rekey}: moves the database and the stored audio from one
 * key ({@code from}, null: plain) to another ({@code to}, null: plain), in place and crash-safely.
 *
 * <p>Nothing is changed until every file has been checked against the keys (a wrong key changes
 * nothing). Each file is then rewritten beside itself, fsynced and renamed over the original, so at
 * any moment every file is whole under the old or the new key; the database is rekeyed on a copy.
 * A marker ({@code <database>.converting}) records that a conversion is under way: the backend
 * refuses to start while it exists, and running the same command again finishes the job (or the
 * opposite command takes it back).
 */
public final class DataConversion {

    /** What a run did. */
    public record Result(boolean databaseConverted, int filesConverted, int filesAlready) {}

    private DataConversion() {}

    /** The marker that says a conversion of this database's store did not finish. */
    public static Path marker(Path database) {
        return database.toAbsolutePath().resolveSibling(database.getFileName() + ".converting");
    }

    /** Refuses to open a store whose conversion was interrupted. */
    public static void refuseInterrupted(Path database) {
        if (Files.exists(marker(database))) {
            throw new DataKeyException("an encryption conversion of " + database
                    + " did not finish: run the same ./vtuber data command again to complete it");
        }
    }

    /**
     * Converts the store.
     *
     * @param converted told each audio file once it is under the new key
     * @throws DataKeyException when a key does not fit (nothing has been changed then)
     * @throws IllegalStateException when the backend is running
     */
    public static Result run(Path database, Path dataDir, @Nullable DataKey from, @Nullable DataKey to,
            Consumer<Path> converted) throws IOException {
        Path db = database.toAbsolutePath().normalize();
        try (StoreLock lock = StoreLock.tryTake(db).orElseThrow(() -> new IllegalStateException(
                "the backend is running on " + db + ": stop it first"))) {
            boolean databaseTodo = databaseTodo(db, from, to);
            List<Path> todo = new ArrayList<>();
            int already = 0;
            for (Path file : audioFiles(dataDir)) {
                Optional<byte[]> id = AudioFiles.sealedWith(file);
                if (is(id, to)) {
                    already++;
                } else if (is(id, from)) {
                    todo.add(file);
                } else {
                    throw new DataKeyException(file + (id.isEmpty() ? " is not encrypted, but DATA_KEY was expected"
                            : " was encrypted with another key") + "; nothing was changed");
                }
            }
            Path marker = marker(db);
            if (!databaseTodo && todo.isEmpty()) {
                Files.deleteIfExists(marker);
                return new Result(false, 0, already);
            }
            writeMarker(marker, from, to);
            if (databaseTodo) {
                rekeyDatabase(db, from, to);
            }
            for (Path file : todo) {
                rewrite(file, from, to);
                converted.accept(file);
            }
            Files.delete(marker);
            force(marker.getParent());
            return new Result(databaseTodo, todo.size(), already);
        }
    }

    private static boolean is(Optional<byte[]> id, @Nullable DataKey key) {
        return key == null ? id.isEmpty() : id.isPresent() && Arrays.equals(id.get(), key.id());
    }

    private static boolean databaseTodo(Path db, @Nullable DataKey from, @Nullable DataKey to) {
        if (!Files.isRegularFile(db)) {
            return false;
        }
        if (DatabaseCipher.opens(db, to)) {
            return false;
        }
        if (DatabaseCipher.opens(db, from)) {
            return true;
        }
        if (from == null && to != null) {
            throw new DataKeyException("the database " + db + " is already encrypted and DATA_KEY does not open it; nothing was changed");
        }
        throw new DataKeyException("DATA_KEY does not open the database " + db + " (wrong key); nothing was changed");
    }

    /** The audio under DATA_DIR that encryption covers (uploads, clips, chat replies). */
    static List<Path> audioFiles(Path dataDir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : AudioFiles.FOLDERS) {
            Path dir = dataDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : list.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".part")) {
                        Files.delete(p); // a write that never finished: never a stored file
                    } else if (Files.isRegularFile(p)) {
                        files.add(p);
                    }
                }
            }
        }
        return files;
    }

    /**
     * Rekeys a copy of the database (SQLite3MultipleCiphers cannot rekey in WAL mode, and a copy
     * leaves the original untouched until the atomic rename), then renames the copy over it.
     */
    private static void rekeyDatabase(Path db, @Nullable DataKey from, @Nullable DataKey to) throws IOException {
        Path copy = db.resolveSibling(db.getFileName() + ".converting.db");
        Files.deleteIfExists(copy);
        Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + "-journal"));
        try {
            try (Connection c = DatabaseCipher.connect(db, from); Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            for (String side : List.of("-wal", "-shm")) {
                Path p = db.resolveSibling(db.getFileName() + side);
                if (Files.exists(p) && side.equals("-wal") && Files.size(p) > 0) {
                    throw new IllegalStateException("the database's write-ahead log " + p + " is still in use");
                }
                Files.deleteIfExists(p); // empty log and its index: nothing uses them while we hold the lock
            }
            Files.copy(db, copy);
            try (Connection c = DatabaseCipher.connect(copy, from); Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=DELETE");
                s.execute("PRAGMA rekey='" + (to == null ? "" : to.passphrase().replace("'", "''")) + "'");
            }
            force(copy);
            if (!DatabaseCipher.opens(copy, to)) {
                throw new IllegalStateException("the rekeyed copy " + copy + " does not open with the new key");
            }
            Files.move(copy, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(db.getParent());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rekey " + db + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static void writeMarker(Path marker, @Nullable DataKey from, @Nullable DataKey to) throws IOException {
        Path part = marker.resolveSibling(marker.getFileName() + ".part");
        Files.writeString(part, "from=" + (from == null ? "plain" : from.idHex()) + "\nto=" + (to == null ? "plain" : to.idHex())
                + "\n", StandardCharsets.UTF_8);
        force(part);
        Files.move(part, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        force(marker.getParent());
    }

    static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Re-seals one audio file under the new key, through the same writer the backend uses. */
    private static void rewrite(Path file, @Nullable DataKey from, @Nullable DataKey to) throws IOException {
        AudioFiles reader = new AudioFiles(from);
        new AudioFiles(to).write(file, out -> {
            try (InputStream in = reader.open(file)) {
                in.transferTo(out);
            }
        });
    }
}
