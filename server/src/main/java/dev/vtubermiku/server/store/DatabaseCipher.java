package dev.vtubermiku.server.store;

import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.mc.SQLiteMCChacha20Config;

/**
 * How the database file is encrypted: SQLite3MultipleCiphers' ChaCha20-Poly1305 (each page
 * authenticated), keyed when the connection opens. A plain file starts with SQLite's magic header;
 * an encrypted one starts with random salt.
 */
public final class DatabaseCipher {

    private static final byte[] PLAIN_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DatabaseCipher() {}

    /** Driver settings that open the file with {@code key} (null: a plain file). */
    static SQLiteConfig config(@Nullable DataKey key) {
        return key == null ? new SQLiteConfig() : SQLiteMCChacha20Config.getDefault().withKey(key.passphrase()).build();
    }

    /** True when the file exists, has content and is not a plain SQLite file. */
    public static boolean isEncrypted(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return !Arrays.equals(in.readNBytes(PLAIN_MAGIC.length), PLAIN_MAGIC);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One connection, outside the pools (conversion, backup, checks). */
    static Connection connect(Path file, @Nullable DataKey key) throws SQLException {
        return config(key).createConnection("jdbc:sqlite:" + file);
    }

    /** True when {@code key} (null: none) opens the file and its schema reads. */
    static boolean opens(Path file, @Nullable DataKey key) {
        if (key == null && isEncrypted(file)) {
            return false;
        }
        if (key != null && Files.isRegularFile(file) && !isEncrypted(file)) {
            return false; // SQLite3MC would open a plain file with any key; we want the state exact
        }
        try (Connection c = connect(file, key); Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM sqlite_master").close();
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == SQLiteErrorCode.SQLITE_NOTADB.code) {
                return false;
            }
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses, with a one-line {@link DataKeyException}, to open a database that the key does not
     * fit: an encrypted file without a key, a plain one with a key, or the wrong key. A missing or
     * empty file is fine: it is created, encrypted from the start when there is a key.
     */
    static void check(Path file, @Nullable DataKey key) {
        boolean encrypted = isEncrypted(file);
        if (encrypted && key == null) {
            throw new DataKeyException("the database " + file + " is encrypted: set DATA_KEY or DATA_KEY_FILE to its key");
        }
        if (!encrypted && key != null && Files.isRegularFile(file) && sizeOf(file) > 0) {
            throw new DataKeyException("the database " + file + " is not encrypted but DATA_KEY is set: "
                    + "run ./vtuber data encrypt to encrypt the store, or unset DATA_KEY");
        }
        if (encrypted && !opens(file, key)) {
            throw new DataKeyException("DATA_KEY does not open the database " + file + " (wrong key)");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
