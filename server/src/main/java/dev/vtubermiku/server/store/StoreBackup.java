package dev.vtubermiku.server.store;

import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./vtuber backup FILE} and {@code ./vtuber restore FILE}: one zip with a consistent copy of
 * the database ({@code VACUUM INTO}, which reads one snapshot and lets the running backend go on
 * writing), the files under DATA_DIR and the installed Piper voices. An encrypted database is copied
 * encrypted under the same key and sealed audio stays sealed: the archive holds no plaintext that
 * the store did not.
 */
public final class StoreBackup {

    static final String MANIFEST = "backup.properties";
    static final String DATABASE = "vtuber.db";
    static final String DATA = "data/";
    static final String VOICES = "voices/";

    /** Where a store lives. */
    public record Location(Path database, Path dataDir, Path modelsDir) {
        Path voices() {
            return modelsDir.resolve("piper");
        }
    }

    /** What went into (or came out of) an archive. */
    public record Summary(int dataFiles, int voiceFiles, long bytes, boolean encrypted) {}

    private StoreBackup() {}

    public static Summary backup(Location store, @Nullable DataKey key, Path archive) throws IOException {
        Path db = store.database().toAbsolutePath().normalize();
        if (!Files.isRegularFile(db)) {
            throw new IllegalStateException("there is no database at " + db);
        }
        DatabaseCipher.check(db, key);
        Path parent = archive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path snapshot = parent.resolve(archive.getFileName() + ".db.part");
        Path part = parent.resolve(archive.getFileName() + ".part");
        Files.deleteIfExists(snapshot);
        try {
            try (Connection c = DatabaseCipher.connect(db, key); Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=30000");
                s.execute("VACUUM INTO '" + snapshot.toString().replace("'", "''") + "'");
            }
            int data = 0;
            int voices = 0;
            try (OutputStream file = Files.newOutputStream(part); ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION); // audio and encrypted pages do not compress: only copy
                Properties manifest = new Properties();
                manifest.setProperty("format", "1");
                manifest.setProperty("created", Instant.now().toString());
                manifest.setProperty("encrypted", Boolean.toString(key != null));
                if (key != null) {
                    manifest.setProperty("key_id", key.idHex());
                }
                StringWriter text = new StringWriter();
                manifest.store(text, "VtuberMiku backup");
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                add(zip, DATABASE, snapshot);
                for (Path f : dataFiles(store.dataDir(), db)) {
                    add(zip, DATA + relative(store.dataDir(), f), f);
                    data++;
                }
                for (Path f : voiceFiles(store.voices())) {
                    add(zip, VOICES + f.getFileName(), f);
                    voices++;
                }
            }
            DataConversion.force(part);
            Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Summary(data, voices, Files.size(archive), key != null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy the database " + db + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(snapshot);
            Files.deleteIfExists(part);
        }
    }

    /**
     * Restores an archive into an empty location: no database file, an empty or missing DATA_DIR,
     * and no voice of the same name with other content. Everything is unpacked beside its target
     * first and moved into place at the end.
     */
    public static Summary restore(Path archive, Location store, @Nullable DataKey key) throws IOException {
        Path db = store.database().toAbsolutePath().normalize();
        Path dataDir = store.dataDir().toAbsolutePath().normalize();
        if (Files.exists(db) && Files.size(db) > 0) {
            throw new IllegalStateException("the database " + db + " exists: restore only into an empty location");
        }
        if (Files.isDirectory(dataDir) && !isEmpty(dataDir)) {
            throw new IllegalStateException("DATA_DIR " + dataDir + " is not empty: restore only into an empty location");
        }
        try (StoreLock lock = StoreLock.tryTake(db).orElseThrow(() -> new IllegalStateException(
                "a backend is running on " + db + ": stop it first"))) {
            Path stagedDb = db.resolveSibling(db.getFileName() + ".restoring");
            Path stagedData = dataDir.resolveSibling(dataDir.getFileName() + ".restoring");
            Path stagedVoices = store.voices().toAbsolutePath().resolveSibling("piper.restoring");
            for (Path p : List.of(stagedDb, stagedData, stagedVoices)) {
                AudioFiles.deleteTree(p); // left by a restore that was cut short
            }
            Properties manifest = null;
            int data = 0;
            List<Path> voices = new ArrayList<>();
            try (InputStream file = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(file)) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    String name = e.getName();
                    if (e.isDirectory()) {
                        continue;
                    }
                    if (name.equals(MANIFEST)) {
                        manifest = new Properties();
                        manifest.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
                        checkKey(manifest, key);
                    } else if (manifest == null) {
                        throw new IllegalStateException(archive + " is not a VtuberMiku backup (no " + MANIFEST + " first)");
                    } else if (name.equals(DATABASE)) {
                        copy(zip, stagedDb);
                    } else if (name.startsWith(DATA)) {
                        copy(zip, inside(stagedData, name.substring(DATA.length()), archive));
                        data++;
                    } else if (name.startsWith(VOICES)) {
                        Path voice = inside(stagedVoices, name.substring(VOICES.length()), archive);
                        copy(zip, voice);
                        voices.add(voice);
                    }
                }
            }
            if (manifest == null || !Files.isRegularFile(stagedDb)) {
                throw new IllegalStateException(archive + " is not a complete VtuberMiku backup");
            }
            if (!DatabaseCipher.opens(stagedDb, key)) {
                throw new DataKeyException("the database in " + archive + " does not open with DATA_KEY");
            }
            // Into place: voices first, then the data, the database last (it is what makes a store).
            Files.createDirectories(store.voices());
            for (Path v : voices) {
                Path target = store.voices().resolve(v.getFileName());
                if (Files.exists(target) && Files.mismatch(target, v) != -1) {
                    throw new IllegalStateException("the voice " + target + " exists with other content: move it away first");
                }
                Files.move(v, target, StandardCopyOption.REPLACE_EXISTING);
            }
            AudioFiles.deleteTree(stagedVoices);
            if (Files.isDirectory(stagedData)) {
                Files.deleteIfExists(dataDir); // empty, checked above
                Files.move(stagedData, dataDir, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.createDirectories(dataDir);
            }
            DataConversion.force(stagedDb);
            Files.deleteIfExists(db);
            Files.move(stagedDb, db, StandardCopyOption.ATOMIC_MOVE);
            DataConversion.force(db.getParent());
            return new Summary(data, voices.size(), Files.size(db), Boolean.parseBoolean(manifest.getProperty("encrypted")));
        }
    }

    private static void checkKey(Properties manifest, @Nullable DataKey key) {
        boolean encrypted = Boolean.parseBoolean(manifest.getProperty("encrypted"));
        if (encrypted && key == null) {
            throw new DataKeyException("the backup is encrypted: set DATA_KEY or DATA_KEY_FILE to the key it was made with");
        }
        if (encrypted && !key.idHex().equals(manifest.getProperty("key_id"))) {
            throw new DataKeyException("the backup was made with another key (key id " + manifest.getProperty("key_id")
                    + ", DATA_KEY has " + key.idHex() + ")");
        }
        if (!encrypted && key != null) {
            throw new DataKeyException("the backup is not encrypted but DATA_KEY is set: unset it to restore, then run "
                    + "./vtuber data encrypt");
        }
    }

    /** DATA_DIR's files, less what is rebuilt or temporary: the trainer's venv, plaintext training copies, partial writes. */
    static List<Path> dataFiles(Path dataDir, Path database) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        Path root = dataDir.toAbsolutePath().normalize();
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(root.resolve("trainer")))
                    .filter(p -> {
                        String rel = relative(root, p);
                        return !rel.matches("voice/runs/[^/]+/(dataset/wavs|cache)/.*");
                    })
                    .filter(p -> !p.getFileName().toString().endsWith(".part"))
                    .filter(p -> !p.toAbsolutePath().normalize().toString().startsWith(database + "")) // a database kept inside DATA_DIR
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> voiceFiles(Path voices) throws IOException {
        if (!Files.isDirectory(voices)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(voices)) {
            return list.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".onnx") || p.getFileName().toString().endsWith(".onnx.json"))
                    .sorted()
                    .toList();
        }
    }

    private static String relative(Path root, Path file) {
        return root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static void add(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    /** {@code name} below {@code root}, refusing names that climb out of it (a crafted archive). */
    private static Path inside(Path root, String name, Path archive) {
        Path target = root.resolve(name).normalize();
        if (name.isEmpty() || !target.startsWith(root) || target.equals(root)) {
            throw new IllegalStateException(archive + " holds an entry outside its folders: " + name);
        }
        return target;
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }
}
