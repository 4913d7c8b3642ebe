package dev.vtubermiku.core.event;

import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.EventPayload;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish/subscribe with topic patterns. A stored event is committed to the journal before any
 * subscriber sees it, and publishing is serialised so that every subscriber receives stored events
 * in id order (which lets a subscriber merge its live mailbox with a journal replay by id).
 */
public final class EventBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final EventJournal journal;
    private final UnaryOperator<String> redact;
    private final Clock clock;
    private final ThreadFactory listenerThreads;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ReentrantLock publishLock = new ReentrantLock();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong closedMissed = new AtomicLong();
    private volatile long lastStoredId;

    public EventBus(EventJournal journal, Clock clock, ThreadFactory listenerThreads) {
        this(journal, clock, listenerThreads, UnaryOperator.identity());
    }

    /**
     * @param redact applied to every event's message and text data before it is stored or delivered,
     *     so a secret in an error text (a remote server echoing a key) never reaches the journal or a client
     */
    public EventBus(EventJournal journal, Clock clock, ThreadFactory listenerThreads, UnaryOperator<String> redact) {
        this.redact = redact;
        this.journal = journal;
        this.clock = clock;
        this.listenerThreads = listenerThreads;
        this.lastStoredId = journal.lastId();
    }

    public Event publish(String type, Severity severity, String message) {
        return publish(type, severity, message, Map.of());
    }

    /**
     * Stores (unless the type is never stored) and delivers an event. Returns once the event is
     * committed and offered to every subscriber. If the journal fails the event is still delivered
     * live, without an id, and the failure is counted and logged: a broken disk must not silence
     * the show.
     */
    public Event publish(String type, Severity severity, String message, Map<String, ? extends @Nullable Object> data) {
        return publish(type, severity, message, data, EventTypes.isPersisted(type));
    }

    /**
     * Publishes a typed event: the payload record names its type and becomes the event's
     * {@code data} (see {@link EventPayload}); stored unless the type is never stored.
     */
    public Event publish(EventPayload payload, Severity severity, String message) {
        return publish(payload.eventType(), severity, message, EventPayload.toData(payload));
    }

    /** A typed event delivered live only, like {@link #publishLive(String, Severity, String, Map)}. */
    public Event publishLive(EventPayload payload, Severity severity, String message) {
        return publishLive(payload.eventType(), severity, message, EventPayload.toData(payload));
    }

    /**
     * Delivers an event to the live subscribers without storing it: a periodic sample (the status
     * tick) whose news, if any, is stored by a {@link #publish} of its own.
     */
    public Event publishLive(String type, Severity severity, String message, Map<String, ? extends @Nullable Object> data) {
        return publish(type, severity, message, data, false);
    }

    private Event publish(String type, Severity severity, String message, Map<String, ? extends @Nullable Object> data,
            boolean store) {
        Map<String, @Nullable Object> clean = new LinkedHashMap<>();
        data.forEach((k, v) -> clean.put(k, redacted(v)));
        EventDraft draft = new EventDraft(type, clock.instant(), severity, redact.apply(message), clean);
        if (!store) {
            Event event = draft.unstored();
            fanOut(event);
            return event;
        }
        publishLock.lock();
        try {
            Event event;
            try {
                event = journal.append(draft);
                lastStoredId = event.id() == null ? lastStoredId : event.id();
                stored.incrementAndGet();
            } catch (RuntimeException e) {
                storeFailures.incrementAndGet();
                log.error("Could not store event {}; delivering it live only", type, e);
                event = draft.unstored();
            }
            fanOut(event);
            return event;
        } finally {
            publishLock.unlock();
        }
    }

    private @Nullable Object redacted(@Nullable Object value) {
        return switch (value) {
            case String text -> redact.apply(text);
            case Map<?, ?> map -> {
                Map<Object, @Nullable Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, redacted(v)));
                yield out;
            }
            case java.util.Collection<?> list -> list.stream().map(this::redacted).toList();
            case null, default -> value;
        };
    }

    private void fanOut(Event event) {
        published.incrementAndGet();
        for (Subscription s : subscriptions) {
            s.offer(event);
        }
    }

    /** A pull subscription: the caller reads its mailbox with {@link Subscription#poll}. */
    public Subscription subscribe(String name, TopicFilter filter, int capacity) {
        Subscription subscription = new Subscription(name, filter, capacity, this::unsubscribe);
        subscriptions.add(subscription);
        return subscription;
    }

    /**
     * A push subscription: a thread of its own hands each event to {@code handler}. A handler that
     * throws is logged and keeps its subscription.
     */
    public Subscription listen(String name, TopicFilter filter, int capacity, Consumer<Event> handler) {
        Subscription subscription = subscribe(name, filter, capacity);
        Thread thread = listenerThreads.newThread(() -> {
            while (!subscription.isClosed()) {
                try {
                    Event event = subscription.take(); // closing the subscription wakes it with null
                    if (event != null) {
                        handler.accept(event);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("Event listener {} failed on an event; it keeps listening", name, e);
                }
            }
        });
        thread.setName("events-" + name);
        thread.start();
        return subscription;
    }

    private void unsubscribe(Subscription subscription) {
        if (subscriptions.remove(subscription)) {
            closedMissed.addAndGet(subscription.missedTotal());
        }
    }

    public EventJournal journal() {
        return journal;
    }

    /** The id of the newest stored event this bus has seen (published or found at start). */
    public long lastStoredId() {
        return lastStoredId;
    }

    public Stats stats() {
        long missed = closedMissed.get();
        for (Subscription s : subscriptions) {
            missed += s.missedTotal();
        }
        return new Stats(published.get(), stored.get(), storeFailures.get(), missed, subscriptions.size(), lastStoredId);
    }

    @Override
    public void close() {
        for (Subscription s : List.copyOf(subscriptions)) {
            s.close();
        }
    }

    /** Counters since start: events published and stored, journal failures, mailbox misses; live subscribers. */
    public record Stats(long published, long stored, long storeFailures, long missed, int subscribers, long lastStoredId) {}
}
