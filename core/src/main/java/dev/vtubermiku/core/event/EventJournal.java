package dev.vtubermiku.core.event;

import java.util.List;

/** Port: the durable, append-only event log (the {@code events} table). */
public interface EventJournal {

    /** Stores the event; when this returns the event is committed and survives a crash. */
    Event append(EventDraft draft);

    /** Stored events with an id greater than {@code afterId}, oldest first, at most {@code limit}. */
    List<Event> readAfter(long afterId, TopicFilter filter, int limit);

    /** The newest stored id, 0 when the journal is empty. */
    long lastId();
}
