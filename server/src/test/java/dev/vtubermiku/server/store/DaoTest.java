package dev.vtubermiku.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every DAO against a real SQLite file with the real migrations. */
class DaoTest {

    /** Nanoseconds, to show nothing of an Instant is lost. */
    static final Instant T1 = Instant.parse("2026-11-24T10:00:00.123456789Z");
    static final Instant T2 = Instant.parse("2026-11-24T11:30:00Z");

    @TempDir
    Path dir;

    Database db;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("vtuber.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    SchemaDao schema() {
        return db.readDao(SchemaDao.class);
    }

    long character(String name) {
        return db.writeDao(CharacterDao.class).insert(name, "profile of " + name, "kind", null, T1);
    }

    @Nested
    class Characters {
        CharacterDao writer;
        CharacterDao reader;

        @BeforeEach
        void daos() {
            writer = db.writeDao(CharacterDao.class);
            reader = db.readDao(CharacterDao.class);
        }

        @Test
        void insertsAndReadsBack() {
            long miku = writer.insert("Miku", "A virtual singer.", "cheerful, curious", "avatars/miku.png", T1);
            long rin = writer.insert("Rin", "", "", null, T2);

            assertThat(miku).isPositive();
            assertThat(rin).isGreaterThan(miku);
            assertThat(reader.find(miku)).contains(
                    new CharacterRow(miku, new CharacterDao.Fields("Miku", "A virtual singer.", "cheerful, curious", "avatars/miku.png",
                            "", "", null, null), T1, T1, null));
            assertThat(reader.list()).extracting(row -> row.fields().name()).containsExactly("Miku", "Rin");
            assertThat(reader.find(rin).orElseThrow().fields().avatarUrl()).isNull();
            assertThat(reader.find(rin + 100)).isEmpty();
        }

        @Test
        void storesInstantsAsIsoUtcText() {
            long id = writer.insert("Miku", "", "", null, T1);

            assertThat(schema().typedValue("characters", "created_at", id)).isEqualTo("text:2026-11-24T10:00:00.123456789Z");
            long other = writer.insert("Rin", "", "", null, T2);
            assertThat(schema().typedValue("characters", "updated_at", other)).isEqualTo("text:2026-11-24T11:30:00Z");
        }

        @Test
        void updateChangesTheRowAndItsUpdateTimeOnly() {
            long id = writer.insert("Miku", "old", "old", null, T1);

            var fields = new CharacterDao.Fields("Miku V4", "new", "newer", "avatars/v4.png", "Hi!", "<START>", "amy", "{}");
            assertThat(writer.update(id, fields, T2)).isEqualTo(1);
            assertThat(writer.update(id + 100, CharacterDao.Fields.basic("nobody", "", ""), T2)).isZero();

            assertThat(reader.find(id)).contains(new CharacterRow(id, fields, T1, T2, null));
        }

        @Test
        void archivedCharactersLeaveTheListButNotTheTable() {
            long miku = writer.insert("Miku", "", "", null, T1);
            long rin = writer.insert("Rin", "", "", null, T1);

            assertThat(writer.setArchived(miku, T2, T2)).isEqualTo(1);

            assertThat(reader.list()).extracting(CharacterRow::id).containsExactly(rin);
            assertThat(reader.listAll()).extracting(CharacterRow::id).containsExactly(miku, rin);
            assertThat(reader.find(miku).orElseThrow().archivedAt()).isEqualTo(T2);
            writer.setArchived(miku, null, T2);
            assertThat(reader.list()).extracting(CharacterRow::id).containsExactly(miku, rin);
        }

        @Test
        void referencesCountChatLogsAndModels() {
            long miku = writer.insert("Miku", "", "", null, T1);
            assertThat(reader.references(miku)).isZero();
            db.writeDao(ChatLogDao.class).insert(miku, "hi", "hello", null, T1, null);
            assertThat(reader.references(miku)).isEqualTo(1);
        }

        @Test
        void unicodeSurvives() {
            long id = writer.insert("初音ミク", "歌うのが好き 🎤", "\"quoted\" 'text'", null, T1);

            assertThat(reader.find(id).orElseThrow().fields().name()).isEqualTo("初音ミク");
            assertThat(reader.find(id).orElseThrow().fields().profile()).isEqualTo("歌うのが好き 🎤");
        }
    }

    @Nested
    class ChatLogs {
        ChatLogDao writer;
        ChatLogDao reader;

        @BeforeEach
        void daos() {
            writer = db.writeDao(ChatLogDao.class);
            reader = db.readDao(ChatLogDao.class);
        }

        @Test
        void insertsAndReadsTheNewestExchangesOldestFirst() {
            long miku = character("Miku");
            long rin = character("Rin");
            for (int i = 1; i <= 5; i++) {
                writer.insert(miku, "question " + i, "answer " + i, i == 5 ? "audio/5.wav" : null, T1.plusSeconds(i),
                        i == 5 ? "happy" : null);
            }
            writer.insert(rin, "to rin", "from rin", null, T2, "neutral");

            List<ChatLogRow> recent = reader.recent(miku, 3);

            assertThat(recent).extracting(ChatLogRow::userMessage).containsExactly("question 3", "question 4", "question 5");
            assertThat(recent.getLast()).isEqualTo(new ChatLogRow(recent.getLast().id(), miku, "question 5", "answer 5",
                    "audio/5.wav", T1.plusSeconds(5), "happy", false));
            assertThat(recent.getFirst().audioFile()).isNull();
            assertThat(recent.getFirst().emotion()).isNull();
            assertThat(reader.recent(miku, 100)).hasSize(5);
            assertThat(reader.countFor(miku)).isEqualTo(5);
            assertThat(reader.countFor(rin)).isEqualTo(1);
            assertThat(reader.recent(rin, 10)).singleElement().extracting(ChatLogRow::timestamp).isEqualTo(T2);
            assertThat(schema().typedValue("chat_logs", "timestamp", recent.getFirst().id()))
                    .isEqualTo("text:2026-11-24T10:00:03.123456789Z");
        }

        @Test
        void rejectsAnUnknownCharacter() {
            assertThatThrownBy(() -> writer.insert(999, "hi", "hello", null, T1, null))
                    .isInstanceOf(JdbiException.class)
                    .hasStackTraceContaining("FOREIGN KEY constraint failed");

            assertThat(schema().count("chat_logs")).isZero();
        }
    }

    @Nested
    class TrainingData {
        TrainingDataDao writer;
        TrainingDataDao reader;

        @BeforeEach
        void daos() {
            writer = db.writeDao(TrainingDataDao.class);
            reader = db.readDao(TrainingDataDao.class);
        }

        @Test
        void insertsAndReadsBack() {
            long full = writer.insert("clips/0001.wav", "Hello there.", 3.25, "nina", "happy", "good", T1);
            long bare = writer.insert("clips/0002.wav", null, 1.0, null, null, null, T2);

            assertThat(reader.find(full)).contains(
                    new TrainingClipRow(full, "clips/0001.wav", "Hello there.", 3.25, "nina", "happy", "good", T1));
            assertThat(reader.find(bare)).contains(
                    new TrainingClipRow(bare, "clips/0002.wav", null, 1.0, null, null, null, T2));
            assertThat(reader.list()).extracting(TrainingClipRow::id).containsExactly(full, bare);
            assertThat(reader.find(bare + 1)).isEmpty();
            assertThat(schema().typedValue("training_data", "duration", full)).isEqualTo("real:3.25");
            assertThat(schema().typedValue("training_data", "created_at", full))
                    .isEqualTo("text:2026-11-24T10:00:00.123456789Z");
        }
    }

    @Nested
    class Models {
        ModelDao writer;
        ModelDao reader;

        @BeforeEach
        void daos() {
            writer = db.writeDao(ModelDao.class);
            reader = db.readDao(ModelDao.class);
        }

        @Test
        void insertsReadsBackAndRecordsProgress() {
            long miku = character("Miku");
            long id = writer.insert("miku-voice", null, miku, "training", T1);
            long orphan = writer.insert("base-voice", "models/piper/en_US-amy-medium.onnx", null, "ready", T1);

            assertThat(reader.find(id)).contains(new VoiceModelRow(id, "miku-voice", null, miku, "training", 0, null, T1, T1));

            assertThat(writer.updateProgress(id, "training", 10, 0.75, T2)).isEqualTo(1);
            assertThat(reader.find(id)).contains(new VoiceModelRow(id, "miku-voice", null, miku, "training", 10, 0.75, T1, T2));

            writer.updateProgress(id, "failed", 12, null, T2);
            assertThat(reader.find(id).orElseThrow().loss()).isNull();
            assertThat(reader.find(id).orElseThrow().status()).isEqualTo("failed");

            assertThat(reader.find(orphan).orElseThrow().characterId()).isNull();
            assertThat(reader.list()).extracting(VoiceModelRow::name).containsExactly("miku-voice", "base-voice");
            assertThat(writer.updateProgress(orphan + 10, "ready", 1, 0.1, T2)).isZero();
        }

        @Test
        void rejectsAnUnknownCharacter() {
            assertThatThrownBy(() -> writer.insert("voice", null, 999L, "training", T1))
                    .isInstanceOf(JdbiException.class)
                    .hasStackTraceContaining("FOREIGN KEY constraint failed");
        }
    }

    @Nested
    class Events {
        EventDao writer;
        EventDao reader;

        @BeforeEach
        void daos() {
            writer = db.writeDao(EventDao.class);
            reader = db.readDao(EventDao.class);
        }

        @Test
        void appendsAndReadsAfterAnId() {
            assertThat(reader.lastId()).isZero();
            assertThat(reader.count()).isZero();

            long a = writer.insert("chat.message", "hi", "{\"character_id\":1}", T1, "info");
            long b = writer.insert("training.failed", "out of memory", "{}", T2, "error");
            long c = writer.insert("chat.response", "hello", "{}", T2, "info");

            assertThat(List.of(a, b, c)).isSorted().doesNotHaveDuplicates();
            assertThat(reader.lastId()).isEqualTo(c);
            assertThat(reader.count()).isEqualTo(3);
            assertThat(reader.afterAll(0, 10)).containsExactly(
                    new EventRow(a, "chat.message", "hi", "{\"character_id\":1}", T1, "info"),
                    new EventRow(b, "training.failed", "out of memory", "{}", T2, "error"),
                    new EventRow(c, "chat.response", "hello", "{}", T2, "info"));
            assertThat(reader.afterAll(a, 1)).extracting(EventRow::id).containsExactly(b);
            assertThat(reader.after(0, "[\"chat.*\"]", 10)).extracting(EventRow::id).containsExactly(a, c);
            assertThat(reader.after(a, "[\"chat.*\",\"*.failed\"]", 10)).extracting(EventRow::id).containsExactly(b, c);
            assertThat(reader.after(c, "[\"*\"]", 10)).isEmpty();
        }

        @Test
        void idsAreNeverReused() {
            long a = writer.insert("chat.message", "one", "{}", T1, "info");
            long b = writer.insert("chat.message", "two", "{}", T1, "info");
            db.inTransaction(h -> h.execute("DELETE FROM events WHERE id = ?", b));

            long c = writer.insert("chat.message", "three", "{}", T1, "info");

            assertThat(c).isGreaterThan(b).isGreaterThan(a);
        }
    }

    @Nested
    class AppState {
        @Test
        void putInsertsThenOverwrites() {
            AppStateDao state = db.writeDao(AppStateDao.class);
            assertThat(state.get(AppStateDao.ACTIVE_CHARACTER)).isEmpty();

            state.put(AppStateDao.ACTIVE_CHARACTER, "1", T1);
            state.put(AppStateDao.ACTIVE_CHARACTER, "2", T2);

            assertThat(db.readDao(AppStateDao.class).get(AppStateDao.ACTIVE_CHARACTER)).contains("2");
        }
    }
}
