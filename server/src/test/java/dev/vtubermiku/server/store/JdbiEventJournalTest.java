package dev.vtubermiku.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventDraft;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbiEventJournalTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00.5Z");

    @TempDir
    Path dir;

    private Database db;
    private JdbiEventJournal journal;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("vtuber.db"));
        journal = new JdbiEventJournal(db, Json.newMapper());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Event append(String type) {
        return journal.append(new EventDraft(type, T, Severity.INFO, type + " happened", Map.of()));
    }

    private static TopicFilter filter(String... patterns) {
        return new TopicFilter(List.of(patterns));
    }

    private static int persistedTypes() {
        return (int) EventTypes.ALL.stream().filter(EventTypes::isPersisted).count();
    }

    private List<String> typesAfter(long id, TopicFilter filter) {
        return journal.readAfter(id, filter, 1000).stream().map(Event::type).toList();
    }

    @Test
    void appendReturnsTheEventWithIncreasingIds() {
        assertThat(journal.lastId()).isZero();
        EventDraft draft = new EventDraft(EventTypes.CHAT_MESSAGE, T, Severity.WARNING, "hello", Map.of("character_id", 1));

        Event first = journal.append(draft);
        Event second = append(EventTypes.CHAT_RESPONSE);
        Event third = append(EventTypes.CHAT_RESPONSE);

        assertThat(first).isEqualTo(draft.withId(first.id()));
        assertThat(first.id()).isPositive();
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(third.id()).isGreaterThan(second.id());
        assertThat(journal.lastId()).isEqualTo(third.id());
        assertThat(journal.readAfter(0, TopicFilter.ALL, 10)).containsExactly(first, second, third);
    }

    @Test
    void storesTheEnvelopeColumns() {
        Event event = journal.append(new EventDraft(EventTypes.MODEL_FAILED, T, Severity.ERROR, "no voice",
                Map.of("name", "amy")));

        assertThat(db.readDao(EventDao.class).afterAll(0, 10)).containsExactly(
                new EventRow(event.id(), "model.failed", "no voice", "{\"name\":\"amy\"}", T, "error"));
        assertThat(db.readDao(SchemaDao.class).typedValue("events", "timestamp", event.id()))
                .isEqualTo("text:2026-11-24T10:00:00.500Z");
    }

    @Test
    void readAfterFiltersByTopicPatterns() {
        for (String type : EventTypes.ALL) {
            if (EventTypes.isPersisted(type)) {
                append(type);
            }
        }

        assertThat(typesAfter(0, filter("chat.*"))).containsExactly("chat.message", "chat.response", "chat.token");
        assertThat(typesAfter(0, filter("*.failed"))).containsExactly("training.failed", "model.failed");
        assertThat(typesAfter(0, filter("character.switched", "model.*", "stt.transcript"))).containsExactly(
                "character.switched", "model.loaded", "model.saved", "model.failed", "stt.transcript");
        assertThat(typesAfter(0, filter("nothing.*"))).isEmpty();
        assertThat(typesAfter(0, TopicFilter.ALL)).hasSize(persistedTypes());
        assertThat(typesAfter(0, filter("chat.message", "*"))).hasSize(persistedTypes());
    }

    @Test
    void theDatabaseMatchesPatternsExactlyAsTopicFilterDoes() {
        List<String> types = new ArrayList<>(EventTypes.ALL);
        // GLOB, unlike LIKE, is case-sensitive and takes _ literally, as TopicFilter does.
        types.addAll(List.of("chat_message", "CHAT.MESSAGE", "chat.message.extra", "chatxmessage", "a.b.c.failed"));
        types.forEach(this::append);

        for (TopicFilter f : List.of(filter("chat.*"), filter("*.failed"), filter("chat.message"), filter("chat_message"),
                filter("*a*"), filter("*.*.*"), filter("chat.*e", "*.s*"), filter("a*"), filter("*"))) {
            List<String> expected = types.stream().filter(f::matches).toList();
            assertThat(typesAfter(0, f)).as(f.toString()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void readAfterStartsAfterTheIdAndStopsAtTheLimit() {
        List<Long> chat = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            append(EventTypes.SYSTEM_STATUS);
        }
        for (int i = 0; i < 5; i++) {
            chat.add(append(EventTypes.CHAT_TOKEN).id());
            append(EventTypes.SYSTEM_STATUS);
        }

        // Filtered before the limit: the ten status events first do not use it up.
        assertThat(journal.readAfter(0, filter("chat.*"), 2)).extracting(Event::id).containsExactly(chat.get(0), chat.get(1));
        assertThat(journal.readAfter(chat.get(1), filter("chat.*"), 2)).extracting(Event::id)
                .containsExactly(chat.get(2), chat.get(3));
        assertThat(journal.readAfter(chat.get(4), filter("chat.*"), 2)).isEmpty();
        assertThat(journal.readAfter(0, TopicFilter.ALL, 3)).extracting(Event::id).containsExactly(1L, 2L, 3L);
        assertThat(journal.readAfter(journal.lastId(), TopicFilter.ALL, 3)).isEmpty();
        assertThat(journal.readAfter(0, TopicFilter.ALL, 1000)).hasSize(20);
    }

    @Test
    void nestedDataRoundTrips() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("list", Arrays.asList(1, "two", null, 3.5, false, List.of(), Map.of("k", "v")));
        inner.put("nothing", null);
        inner.put("empty", Map.of());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "「こんにちは」 \"quoted\" \\ back\nslash 🎤");
        data.put("int", 42);
        data.put("long", 12_345_678_901L);
        data.put("double", 0.125);
        data.put("negative", -7);
        data.put("flag", true);
        data.put("none", null);
        data.put("nested", inner);
        data.put("levels", List.of(List.of(List.of("deep"))));

        Event stored = journal.append(new EventDraft(EventTypes.TRAINING_PROGRESS, T, Severity.DEBUG, "step", data));
        Event read = journal.readAfter(0, TopicFilter.ALL, 1).getFirst();

        assertThat(read.data()).isEqualTo(data);
        assertThat(read.data()).containsEntry("none", null).containsKey("none");
        assertThat(read).isEqualTo(stored);
    }

    @Test
    void unreadableDataIsShownInsteadOfFailingTheRead() {
        long id = db.writeDao(EventDao.class).insert("chat.message", "broken", "{not json", T, "info");

        Event read = journal.readAfter(0, TopicFilter.ALL, 1).getFirst();

        assertThat(read.id()).isEqualTo(id);
        assertThat(read.data()).containsExactly(Map.entry("unreadable_data", "{not json"));
    }

    @Test
    void dataThatIsNotJsonIsRefusedAndNothingIsStored() {
        Map<String, Object> data = Map.of("value", new Unserialisable());

        assertThatThrownBy(() -> journal.append(new EventDraft(EventTypes.SYSTEM_STATUS, T, Severity.INFO, "x", data)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event data is not JSON-serialisable");
        assertThat(journal.lastId()).isZero();
    }

    /** A value Jackson cannot write: its one property throws. */
    static final class Unserialisable {
        public String getValue() {
            throw new IllegalStateException("cannot be read");
        }
    }
}
