package dev.vtubermiku.server.store.files;

import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user's data key (DATA_KEY, or the contents of DATA_KEY_FILE): the passphrase SQLite3MultipleCiphers
 * keys the database with, and an AES-256 master key derived from it (PBKDF2-HMAC-SHA256) that seals
 * audio files. Its {@link #id()} is a fingerprint stored in each sealed file so a wrong key is told
 * apart from a damaged file. {@link #toString()} never shows the key.
 */
public final class DataKey {

    static final int ITERATIONS = 210_000;
    private static final byte[] SALT = "VtuberMiku data key v1".getBytes(StandardCharsets.US_ASCII);

    private final String passphrase;
    private final byte[] master;
    private final byte[] id;

    private DataKey(String passphrase) {
        this.passphrase = passphrase;
        try {
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            this.master = pbkdf2.generateSecret(new PBEKeySpec(passphrase.toCharArray(), SALT, ITERATIONS, 256)).getEncoded();
            this.id = Arrays.copyOf(hmac("key id".getBytes(StandardCharsets.US_ASCII)), 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no PBKDF2WithHmacSHA256", e);
        }
    }

    /** A key from a passphrase; at least 12 characters. */
    public static DataKey of(String passphrase) {
        if (passphrase.length() < 12) {
            throw new DataKeyException("the data key must be at least 12 characters long");
        }
        return new DataKey(passphrase);
    }

    /** DATA_KEY, else the contents of DATA_KEY_FILE (trailing newline dropped), else none. */
    public static Optional<DataKey> from(Settings settings) {
        String direct = settings.get(ConfigKey.DATA_KEY);
        String file = settings.get(ConfigKey.DATA_KEY_FILE);
        if (!direct.isEmpty() && !file.isBlank()) {
            throw new DataKeyException("DATA_KEY and DATA_KEY_FILE are both set: keep one");
        }
        if (!direct.isEmpty()) {
            return Optional.of(of(direct));
        }
        if (file.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(fromFile(Path.of(file), "DATA_KEY_FILE"));
    }

    /** The key held in a file (trailing whitespace dropped); {@code what} names it in errors. */
    public static DataKey fromFile(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DataKeyException(what + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (text.isEmpty()) {
            throw new DataKeyException(what + " " + file + " is empty");
        }
        if (text.length() < 12) {
            throw new DataKeyException("the key in " + what + " " + file + " must be at least 12 characters long");
        }
        return new DataKey(text);
    }

    /** The passphrase, for the database driver only. */
    public String passphrase() {
        return passphrase;
    }

    /** 8 bytes that identify this key (an HMAC of a constant under it); safe to store and show. */
    public byte[] id() {
        return id.clone();
    }

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    boolean hasId(byte[] other) {
        return java.security.MessageDigest.isEqual(id, other);
    }

    /** HMAC-SHA256 under the master key: derives one file's key from its random salt. */
    byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing", e);
        }
    }

    @Override
    public String toString() {
        return "DataKey[id=" + idHex() + "]";
    }
}
