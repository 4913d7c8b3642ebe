package dev.vtubermiku.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vtuber data encrypt | decrypt | rekey} on a real store: the database and the audio in all
 * three folders change key together, a wrong key changes nothing, a running backend is refused, and a
 * conversion killed with SIGKILL half-way leaves every file readable with the old or the new key and
 * finishes when run again.
 */
class DataConversionTest {

    static final DataKey KEY = DataKey.of("first key, long enough");
    static final DataKey NEXT = DataKey.of("second key, long enough");
    static final int FILES_PER_FOLDER = 12;

    @TempDir
    Path dir;
    Path db;
    Path data;
    final Map<Path, byte[]> audio = new LinkedHashMap<>();

    @BeforeEach
    void plainStore() throws IOException {
        db = dir.resolve("vtuber.db");
        data = dir.resolve("data");
        try (Database database = Database.open(db)) {
            for (int i = 0; i < 50; i++) {
                database.writeDao(CharacterDao.class).insert("Character " + i, "profile " + i, "kind", null, Instant.now());
            }
        }
        Random random = new Random(7);
        for (String folder : AudioFiles.FOLDERS) {
            for (int i = 0; i < FILES_PER_FOLDER; i++) {
                byte[] bytes = new byte[1000 + random.nextInt(150_000)];
                random.nextBytes(bytes);
                Path file = data.resolve(folder).resolve("f" + i + ".wav");
                AudioFiles.plain().write(file, bytes);
                audio.put(file, bytes);
            }
        }
    }

    @Test
    void encryptRekeyAndDecryptConvertTheDatabaseAndEveryAudioFile() throws IOException {
        DataConversion.Result r = DataConversion.run(db, data, null, KEY, f -> {});
        assertThat(r).isEqualTo(new DataConversion.Result(true, AudioFiles.FOLDERS.size() * FILES_PER_FOLDER, 0));
        assertStoreUnder(KEY);
        assertThatThrownBy(() -> Database.open(db)).isInstanceOf(DataKeyException.class).hasMessageContaining("is encrypted");
        assertThatThrownBy(() -> Database.open(db, NEXT)).isInstanceOf(DataKeyException.class).hasMessageContaining("wrong key");
        assertThat(DataConversion.run(db, data, null, KEY, f -> {})).as("a second run has nothing to do")
                .isEqualTo(new DataConversion.Result(false, 0, AudioFiles.FOLDERS.size() * FILES_PER_FOLDER));

        DataConversion.run(db, data, KEY, NEXT, f -> {});
        assertStoreUnder(NEXT);

        DataConversion.run(db, data, NEXT, null, f -> {});
        assertStoreUnder(null);
        assertThat(Files.readAllBytes(db)).startsWith("SQLite format 3".getBytes(StandardCharsets.US_ASCII));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no copies, journals or markers left")
                    .noneMatch(n -> n.contains("converting") || n.endsWith(".part"));
        }
    }

    @Test
    void aWrongKeyChangesNoFile() throws Exception {
        DataConversion.run(db, data, null, KEY, f -> {});
        Map<Path, String> before = hashes();
        assertThatThrownBy(() -> DataConversion.run(db, data, NEXT, null, f -> {})).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("wrong key").hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> DataConversion.run(db, data, null, NEXT, f -> {})).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("already encrypted");
        // one audio file under a third key: refused before anything is converted
        Path odd = data.resolve(AudioFiles.CLIPS).resolve("odd.wav");
        new AudioFiles(DataKey.of("a third key, long enough")).write(odd, new byte[] {1, 2, 3});
        before.put(odd, hash(odd));
        assertThatThrownBy(() -> DataConversion.run(db, data, KEY, NEXT, f -> {})).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("odd.wav");
        Map<Path, String> after = hashes();
        assertThat(after.keySet().stream().filter(p -> !after.get(p).equals(before.get(p))).toList()).as("changed files").isEmpty();
        assertThat(DataConversion.marker(db)).doesNotExist();
    }

    @Test
    void aStoreInUseIsNotConverted() throws IOException {
        try (Database open = Database.open(db)) {
            assertThatThrownBy(() -> DataConversion.run(db, data, null, KEY, f -> {})).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("backend is running");
        }
        assertStoreUnder(null);
    }

    @Test
    void aConversionKilledHalfWayLeavesEveryFileReadableAndARerunFinishesIt() throws Exception {
        DataConversion.run(db, data, null, KEY, f -> {});
        int converted = runAndKill(KEY, NEXT, 10);
        assertThat(converted).as("killed in the middle of the audio").isBetween(10, AudioFiles.FOLDERS.size() * FILES_PER_FOLDER - 1);
        assertThat(DataConversion.marker(db)).exists();
        assertThatThrownBy(() -> DataConversion.refuseInterrupted(db)).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("did not finish");
        // The database is whole under exactly one key (the new one: it goes first); each file under one of the two.
        assertThat(DatabaseCipher.opens(db, NEXT) ^ DatabaseCipher.opens(db, KEY)).isTrue();
        int underNext = 0;
        for (Map.Entry<Path, byte[]> e : audio.entrySet()) {
            byte[] id = AudioFiles.sealedWith(e.getKey()).orElseThrow();
            DataKey key = MessageDigest.isEqual(id, NEXT.id()) ? NEXT : KEY;
            underNext += key == NEXT ? 1 : 0;
            assertThat(new AudioFiles(key).readAllBytes(e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(underNext).isGreaterThanOrEqualTo(converted);

        DataConversion.Result rerun = DataConversion.run(db, data, KEY, NEXT, f -> {});
        assertThat(rerun.filesConverted() + rerun.filesAlready()).isEqualTo(AudioFiles.FOLDERS.size() * FILES_PER_FOLDER);
        assertStoreUnder(NEXT);
        assertThat(DataConversion.marker(db)).doesNotExist();
    }

    @Test
    void aBackendDoesNotStartOnAStoreThatIsBeingConverted() throws Exception {
        DataConversion.run(db, data, null, KEY, f -> {});
        Process child = startChild(KEY, NEXT);
        try (BufferedReader in = child.inputReader(StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("converted ")) {
                // the child holds the lock from before its first file until it exits
            }
            assertThat(line).as("the child converts").isNotNull();
            assertThatThrownBy(() -> TestBackend.start(dir, Map.of())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another process");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void assertStoreUnder(@Nullable DataKey key) throws IOException {
        try (Database database = Database.open(db, key)) {
            assertThat(database.integrityCheck()).isEqualTo("ok");
            assertThat(database.readDao(CharacterDao.class).list()).hasSize(50);
        }
        assertThat(DatabaseCipher.isEncrypted(db)).isEqualTo(key != null);
        AudioFiles files = new AudioFiles(key);
        for (Map.Entry<Path, byte[]> e : audio.entrySet()) {
            if (key == null) {
                assertThat(AudioFiles.sealedWith(e.getKey())).isEmpty();
            } else {
                assertThat(AudioFiles.sealedWith(e.getKey())).hasValueSatisfying(id -> assertThat(id).isEqualTo(key.id()));
            }
            assertThat(files.readAllBytes(e.getKey())).isEqualTo(e.getValue());
        }
    }

    private Map<Path, String> hashes() throws Exception {
        Map<Path, String> h = new LinkedHashMap<>();
        h.put(db, hash(db));
        for (Path p : audio.keySet()) {
            h.put(p, hash(p));
        }
        return h;
    }

    private static String hash(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Process startChild(DataKey from, DataKey to) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-Dlogback.configurationFile=crash-child-logback.xml", "-cp", System.getProperty("java.class.path"),
                DataConversionChild.class.getName(), db.toString(), data.toString(), passphrase(from), passphrase(to))
                .redirectError(dir.resolve("child.err").toFile())
                .start();
    }

    private static String passphrase(DataKey key) {
        return key.passphrase();
    }

    /** Runs a conversion in a child JVM and SIGKILLs it once it reported {@code after} files; how many it reported. */
    private int runAndKill(DataKey from, DataKey to, int after) throws Exception {
        Process child = startChild(from, to);
        int converted = 0;
        try (BufferedReader in = child.inputReader(StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("converted ")) {
                    converted++;
                    if (converted == after) {
                        child.destroyForcibly(); // SIGKILL
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(converted).as("child stderr: %s", Files.exists(dir.resolve("child.err"))
                ? Files.readString(dir.resolve("child.err")) : "").isEqualTo(after);
        return converted;
    }

}
