package dev.vtubermiku.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.DatabaseCipher;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vtuber data ...} from the command line: keys from DATA_KEY_FILE, rekey, usage and key errors (exit code 2). */
class DataCommandTest {

    static final String OLD = "the old key, in a file";
    static final String NEW = "the new key, in another file";

    @TempDir
    Path dir;
    Map<String, String> env;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void encryptedStore() throws IOException {
        Files.writeString(dir.resolve("old.key"), OLD + "\n");
        Files.writeString(dir.resolve("new.key"), NEW + "\n");
        env = new HashMap<>();
        env.put("DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"));
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("MODELS_DIR", dir.resolve("models").toString());
        env.put("DATA_KEY_FILE", dir.resolve("old.key").toString());
        Database.open(dir.resolve("vtuber.db"), DataKey.of(OLD)).close();
        new AudioFiles(DataKey.of(OLD)).write(dir.resolve("data/audio/chat/a.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2});
    }

    int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, env, dir.resolve(".env"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String text() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rekeyTakesTheNewKeyFromAFileAndNeverPrintsAKey() throws IOException {
        assertThat(run("data", "rekey", "--new-key-file", dir.resolve("new.key").toString())).as(text()).isEqualTo(0);
        assertThat(text()).contains("rekeyed", "1 audio file(s) converted").doesNotContain(OLD, NEW);
        try (Database db = Database.open(dir.resolve("vtuber.db"), DataKey.of(NEW))) {
            assertThat(db.integrityCheck()).isEqualTo("ok");
        }
        assertThat(new AudioFiles(DataKey.of(NEW)).readAllBytes(dir.resolve("data/audio/chat/a.wav"))).startsWith('R', 'I', 'F', 'F');
        // the old key no longer fits: one line, exit 2
        assertThat(run("data", "decrypt")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
        assertThat(text()).contains("wrong key");
        assertThat(DatabaseCipher.isEncrypted(dir.resolve("vtuber.db"))).isTrue();
    }

    @Test
    void missingKeysAndBadUsageAreOneLineAndExitCode2() throws IOException {
        env.remove("DATA_KEY_FILE");
        assertThat(run("data", "encrypt")).isEqualTo(2);
        assertThat(text()).contains("set DATA_KEY or DATA_KEY_FILE");
        assertThat(run("backup", dir.resolve("b.zip").toString())).isEqualTo(2);
        assertThat(text()).contains("is encrypted: set DATA_KEY");
        env.put("DATA_KEY_FILE", dir.resolve("missing.key").toString());
        assertThat(run("data", "decrypt")).isEqualTo(2);
        assertThat(text()).contains("missing.key cannot be read");
        env.put("DATA_KEY_FILE", dir.resolve("old.key").toString());
        assertThat(run("data")).isEqualTo(2);
        assertThat(run("data", "rekey")).isEqualTo(2);
        assertThat(run("data", "rekey", "--new-key-file", dir.resolve("nope.key").toString())).isEqualTo(2);
        assertThat(run("restore")).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("b.zip"))).isFalse();
        assertThat(run("data", "encrypt")).as("already encrypted with this key: nothing to do").isEqualTo(0);
        assertThat(text()).contains("Nothing to do");
    }

    @Test
    void aCraftedArchiveCannotWriteOutsideTheStore() throws IOException {
        Path archive = dir.resolve("evil.zip");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("backup.properties"));
            zip.write("format=1\nencrypted=false\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("data/../../escaped.txt"));
            zip.write(new byte[] {1});
        }
        env.remove("DATA_KEY_FILE");
        env.put("DATABASE_URL", "sqlite:///" + dir.resolve("fresh/vtuber.db"));
        env.put("DATA_DIR", dir.resolve("fresh/data").toString());
        assertThat(run("restore", archive.toString())).isEqualTo(1);
        assertThat(text()).contains("outside its folders");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(dir.resolve("fresh/vtuber.db")).doesNotExist();
    }
}
