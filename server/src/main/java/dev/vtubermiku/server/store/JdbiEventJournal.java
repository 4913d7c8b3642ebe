package dev.vtubermiku.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventDraft;
import dev.vtubermiku.core.event.EventJournal;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.event.TopicFilter;
import java.util.List;
import java.util.Map;

/** The event journal on the {@code events} table. */
public final class JdbiEventJournal implements EventJournal {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final EventDao writer;
    private final EventDao reader;
    private final ObjectMapper json;

    public JdbiEventJournal(Database database, ObjectMapper json) {
        this.writer = database.writeDao(EventDao.class);
        this.reader = database.readDao(EventDao.class);
        this.json = json;
    }

    @Override
    public Event append(EventDraft draft) {
        long id = writer.insert(draft.type(), draft.message(), write(draft.data()), draft.timestamp(),
                draft.severity().wire());
        return draft.withId(id);
    }

    @Override
    public List<Event> readAfter(long afterId, TopicFilter filter, int limit) {
        List<EventRow> rows = filter.matchesAll()
                ? reader.afterAll(afterId, limit)
                : reader.after(afterId, write(filter.patterns()), limit);
        return rows.stream().map(this::toEvent).toList();
    }

    @Override
    public long lastId() {
        return reader.lastId();
    }

    private Event toEvent(EventRow row) {
        Map<String, Object> data;
        try {
            data = json.readValue(row.data(), MAP);
        } catch (JsonProcessingException e) {
            data = Map.of("unreadable_data", row.data());
        }
        return new Event(row.id(), row.eventType(), row.timestamp(), Severity.fromWire(row.severity()),
                row.message(), data);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }
}
