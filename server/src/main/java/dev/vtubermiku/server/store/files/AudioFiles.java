package dev.vtubermiku.server.store.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every write and read of the user's audio under DATA_DIR goes through here: uploads, clips and
 * spoken chat replies; and of the avatars she uploads. With a data key, new files are sealed ({@link SealedFiles}); reading opens
 * sealed and plain files alike (a store that is being converted holds both), so callers only ever
 * see plaintext. Writes are whole-or-nothing: a temporary name beside the target, fsync, rename.
 */
public final class AudioFiles {

    /** Where user audio lives, relative to DATA_DIR: voice uploads, training clips, spoken chat replies. */
    public static final String UPLOADS = "voice/uploads";
    public static final String CLIPS = "voice/clips";
    public static final String CHAT = "audio/chat";
    /** Uploaded avatars (VRM models, sprites, pictures), sealed like her audio: a bought model is the user's too. */
    public static final String AVATARS = "avatars/files";
    public static final java.util.List<String> FOLDERS = java.util.List.of(UPLOADS, CLIPS, CHAT, AVATARS);

    private final @Nullable DataKey key;

    public AudioFiles(@Nullable DataKey key) {
        this.key = key;
    }

    /** Plain files, as before encryption existed. */
    public static AudioFiles plain() {
        return new AudioFiles(null);
    }

    public Optional<DataKey> key() {
        return Optional.ofNullable(key);
    }

    /** Stores {@code bytes} as {@code target}, sealed when there is a key; the file is there whole or not at all. */
    public void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** What a write puts into the file, as plaintext. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public void write(Path target, Content content) throws IOException {
        writeAs(target, key, content);
    }

    /** Writes {@code target} sealed under {@code as} (null: plain), whole or not at all. */
    static void writeAs(Path target, @Nullable DataKey as, Content content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            try (OutputStream file = Files.newOutputStream(part);
                    OutputStream out = as == null ? file : SealedFiles.sealing(file, as)) {
                content.writeTo(out);
            }
            force(part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The plaintext of a stored file, sealed or plain. */
    public InputStream open(Path file) throws IOException {
        return open(file, key);
    }

    static InputStream open(Path file, @Nullable DataKey key) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), SealedFiles.CHUNK + 64);
        try {
            in.mark(SealedFiles.HEADER);
            byte[] head = in.readNBytes(SealedFiles.HEADER);
            in.reset();
            if (SealedFiles.keyIdOf(head).isEmpty()) {
                return in;
            }
            if (key == null) {
                throw new DataKeyException(file.getFileName() + " is encrypted: set DATA_KEY or DATA_KEY_FILE to its key");
            }
            return SealedFiles.unsealing(in, key, file.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public byte[] readAllBytes(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    /**
     * A plaintext copy for a process that cannot decrypt (the trainer); whoever asks deletes it when
     * done with it.
     */
    public void copyPlain(Path source, Path target) throws IOException {
        try (InputStream in = open(source)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a folder of copies and everything in it: the plaintext a run's trainer read (made by
     * {@link #copyPlain}), or what a restore that was cut short had unpacked.
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The key id a file is sealed under, or empty for a plain file. */
    public static Optional<byte[]> sealedWith(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return SealedFiles.keyIdOf(in.readNBytes(SealedFiles.HEADER));
        }
    }

    static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
