package dev.vtubermiku.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    /** The five tables of the plan with their columns (DESIGN.md, Database), in the plan's order. */
    static final Map<String, List<String>> PLAN = Map.of(
            "characters", List.of("id", "name", "profile", "personality", "avatar_url", "created_at", "updated_at"),
            "chat_logs", List.of("id", "character_id", "user_message", "character_response", "audio_file", "timestamp",
                    "emotion"),
            "training_data", List.of("id", "filename", "transcript", "duration", "speaker", "emotion", "quality",
                    "created_at"),
            "models", List.of("id", "name", "model_path", "character_id", "status", "epochs_trained", "loss",
                    "created_at", "updated_at"),
            "events", List.of("id", "event_type", "message", "data", "timestamp", "severity"));

    private static final Instant T = Instant.parse("2026-11-24T10:00:00.123456789Z");

    @TempDir
    Path dir;

    @Test
    void sqlitesLibraryLoadsFromTheNativeCacheNotAFreshTempCopy() {
        try (Database db = Database.open(dir.resolve("vtuber.db"))) {
            assertThat(db.readDao(SchemaDao.class).foreignKeys()).isEqualTo(1);
        }
        Path folder = Path.of(System.getProperty("org.sqlite.lib.path"));
        assertThat(folder).startsWith(dev.vtubermiku.speech.NativeCache.defaultRoot().toAbsolutePath());
        assertThat(folder.resolve(System.getProperty("org.sqlite.lib.name"))).isRegularFile();
    }

    @Test
    void opensInWalModeOnEveryConnection() throws SQLException {
        Path file = dir.resolve("vtuber.db");
        try (Database db = Database.open(file)) {
            assertThat(db.readDao(SchemaDao.class).journalMode()).isEqualTo("wal");
            String writerMode = db.inTransaction(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            assertThat(writerMode).isEqualTo("wal");
        }
        // WAL is a property of the file: any later connection finds it.
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = plain.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void enforcesForeignKeysOnReadersAndTheWriter() {
        try (Database db = Database.open(dir.resolve("vtuber.db"))) {
            assertThat(db.readDao(SchemaDao.class).foreignKeys()).isEqualTo(1);
            assertThat(db.writeDao(SchemaDao.class).foreignKeys()).isEqualTo(1);
        }
    }

    @Test
    void readConnectionsCannotWrite() {
        try (Database db = Database.open(dir.resolve("vtuber.db"))) {
            assertThatThrownBy(() -> db.readDao(SchemaDao.class).insertCharacter())
                    .isInstanceOf(JdbiException.class)
                    .hasStackTraceContaining("readonly");
            assertThat(db.writeDao(SchemaDao.class).insertCharacter()).isEqualTo(1);
            assertThat(db.readDao(SchemaDao.class).count("characters")).isEqualTo(1);
        }
    }

    @Test
    void createsTheFolderOfTheFile() {
        Path file = dir.resolve("a/b/../c/vtuber.db");
        try (Database db = Database.open(file)) {
            assertThat(db.file()).isEqualTo(dir.resolve("a/c/vtuber.db").toAbsolutePath());
            assertThat(db.file()).exists();
            assertThat(db.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void theFirstMigrationCreatesExactlyThePlansTablesAndColumns() {
        try (Database db = Database.open(dir.resolve("vtuber.db"), "1")) {
            SchemaDao schema = db.readDao(SchemaDao.class);
            assertThat(db.schemaVersion()).isEqualTo("1");
            assertThat(schema.tables()).containsExactlyInAnyOrder(
                    "characters", "chat_logs", "training_data", "models", "events", "flyway_schema_history");
            PLAN.forEach((table, columns) ->
                    assertThat(schema.columns(table)).as(table).containsExactlyElementsOf(columns));
        }
    }

    @Test
    void theLatestSchemaKeepsEveryTableAndColumnOfThePlan() {
        try (Database db = Database.open(dir.resolve("vtuber.db"))) {
            SchemaDao schema = db.readDao(SchemaDao.class);
            assertThat(db.schemaVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(schema.tables()).containsAll(PLAN.keySet());
            PLAN.forEach((table, columns) -> assertThat(schema.columns(table)).as(table).containsAll(columns));
        }
    }

    @Test
    void migratesAnOlderDatabaseForwardKeepingEveryRow() {
        Path file = dir.resolve("vtuber.db");
        try (Database v1 = Database.open(file, "1")) {
            v1.inTransaction(h -> {
                h.execute("""
                        INSERT INTO characters (id, name, profile, personality, avatar_url, created_at, updated_at)
                        VALUES (1, 'Miku', 'a singer', 'cheerful', 'avatars/miku.png', ?, ?)""", T.toString(), T.toString());
                h.execute("""
                        INSERT INTO chat_logs (id, character_id, user_message, character_response, audio_file, timestamp, emotion)
                        VALUES (1, 1, 'hi', 'hello!', 'audio/1.wav', ?, 'happy')""", T.toString());
                h.execute("""
                        INSERT INTO training_data (id, filename, transcript, duration, speaker, emotion, quality, created_at)
                        VALUES (1, 'clip_0001.wav', 'hello there', 2.5, 'nina', 'neutral', 'good', ?)""", T.toString());
                h.execute("""
                        INSERT INTO models (id, name, model_path, character_id, status, epochs_trained, loss, created_at, updated_at)
                        VALUES (1, 'miku-voice', 'models/piper/miku.onnx', 1, 'ready', 120, 0.25, ?, ?)""",
                        T.toString(), T.toString());
                h.execute("""
                        INSERT INTO events (id, event_type, message, data, timestamp, severity)
                        VALUES (1, 'chat.message', 'hi', '{"character_id":1}', ?, 'info')""", T.toString());
                return null;
            });
        }

        try (Database latest = Database.open(file)) {
            assertRowsOfVersion1(latest);
        }
        try (Database again = Database.open(file)) {
            assertRowsOfVersion1(again);
        }
    }

    @Test
    void reopeningIsIdempotent() {
        Path file = dir.resolve("vtuber.db");
        int recorded;
        try (Database first = Database.open(file)) {
            recorded = first.readDao(SchemaDao.class).migrationsRecorded();
            first.writeDao(CharacterDao.class).insert("Miku", "", "", null, T);
        }
        for (int i = 0; i < 2; i++) {
            try (Database db = Database.open(file)) {
                assertThat(db.readDao(SchemaDao.class).migrationsRecorded()).isEqualTo(recorded);
                assertThat(db.schemaVersion()).isEqualTo(Migrations.latestVersion());
                assertThat(db.readDao(CharacterDao.class).list()).extracting(CharacterRow::name).containsExactly("Miku");
                assertThat(db.integrityCheck()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aTransactionThatFailsWritesNothing() {
        try (Database db = Database.open(dir.resolve("vtuber.db"))) {
            assertThatThrownBy(() -> db.inTransaction(h -> {
                h.attach(CharacterDao.class).insert("Miku", "", "", null, T);
                h.attach(ChatLogDao.class).insert(999, "hi", "hello", null, T, null);
                return null;
            })).isInstanceOf(JdbiException.class);

            assertThat(db.readDao(CharacterDao.class).list()).isEmpty();
        }
    }

    private static void assertRowsOfVersion1(Database db) {
        assertThat(db.schemaVersion()).isEqualTo(Migrations.latestVersion());
        assertThat(db.integrityCheck()).isEqualTo("ok");
        assertThat(db.readDao(CharacterDao.class).list())
                .containsExactly(new CharacterRow(1, "Miku", "a singer", "cheerful", "avatars/miku.png", "", "", null, null, T, T, null));
        assertThat(db.readDao(ChatLogDao.class).recent(1, 10))
                .containsExactly(new ChatLogRow(1, 1, "hi", "hello!", "audio/1.wav", T, "happy", false));
        assertThat(db.readDao(TrainingDataDao.class).list()).containsExactly(
                new TrainingClipRow(1, "clip_0001.wav", "hello there", 2.5, "nina", "neutral", "good", T));
        assertThat(db.readDao(ModelDao.class).list()).containsExactly(
                new VoiceModelRow(1, "miku-voice", "models/piper/miku.onnx", 1L, "ready", 120, 0.25, T, T));
        assertThat(db.readDao(EventDao.class).afterAll(0, 10)).containsExactly(
                new EventRow(1, "chat.message", "hi", "{\"character_id\":1}", T, "info"));
    }
}
