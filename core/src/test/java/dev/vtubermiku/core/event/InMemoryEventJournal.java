package dev.vtubermiku.core.event;

import java.util.ArrayList;
import java.util.List;

/**
 * A journal in a list, for tests: ids start after {@code lastId} and count up by one. It can be
 * told to fail, like a full disk would.
 */
public final class InMemoryEventJournal implements EventJournal {

    private final List<Event> events = new ArrayList<>();
    private long nextId;
    private boolean failing;

    public InMemoryEventJournal() {
        this(0);
    }

    InMemoryEventJournal(long lastId) {
        this.nextId = lastId + 1;
    }

    /** While true, {@link #append} throws as a broken disk would. */
    synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public synchronized Event append(EventDraft draft) {
        if (failing) {
            throw new IllegalStateException("disk is full");
        }
        Event event = draft.withId(nextId++);
        events.add(event);
        return event;
    }

    @Override
    public synchronized List<Event> readAfter(long afterId, TopicFilter filter, int limit) {
        List<Event> result = new ArrayList<>();
        for (Event e : events) {
            if (result.size() == limit) {
                break;
            }
            if (e.id() != null && e.id() > afterId && filter.matches(e.type())) {
                result.add(e);
            }
        }
        return result;
    }

    @Override
    public synchronized long lastId() {
        return nextId - 1;
    }

    public synchronized List<Event> all() {
        return List.copyOf(events);
    }
}
