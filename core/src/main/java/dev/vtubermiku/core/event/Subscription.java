package dev.vtubermiku.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One subscriber's bounded mailbox. The bus only ever {@code offer}s into it, so a subscriber that
 * stops reading fills its own mailbox and then misses events (counted), while the publisher and
 * every other subscriber carry on. A subscriber that missed stored events reads them back from the
 * journal (see {@link #takeMissed()}).
 */
public final class Subscription implements AutoCloseable {

    /** Put in the mailbox by {@link #close()} to wake a waiting {@link #take()}; never handed out. */
    private static final Event CLOSED =
            new Event(null, "subscription.closed", Instant.EPOCH, Severity.DEBUG, "", Map.of());

    private final String name;
    private final BlockingQueue<Event> mailbox;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong missedTotal = new AtomicLong();
    private final AtomicLong missedStored = new AtomicLong();
    private final AtomicLong missedUnstored = new AtomicLong();
    private final Consumer<Subscription> onClose;
    private volatile TopicFilter filter;
    private volatile boolean closed;

    Subscription(String name, TopicFilter filter, int capacity, Consumer<Subscription> onClose) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.name = name;
        this.filter = filter;
        this.mailbox = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    public String name() {
        return name;
    }

    public TopicFilter filter() {
        return filter;
    }

    /** Changes what this subscriber receives from now on. */
    public void filter(TopicFilter newFilter) {
        this.filter = newFilter;
    }

    /** Called by the bus on the publisher's thread; never blocks. */
    void offer(Event event) {
        if (closed || !filter.matches(event.type())) {
            return;
        }
        if (mailbox.offer(event)) {
            delivered.incrementAndGet();
        } else {
            missedTotal.incrementAndGet();
            (event.stored() ? missedStored : missedUnstored).incrementAndGet();
        }
    }

    /** The next event, waiting at most {@code timeout}; null when none came or when closed. */
    public @Nullable Event poll(Duration timeout) throws InterruptedException {
        if (closed) {
            return null;
        }
        Event event = mailbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return event == CLOSED || closed ? null : event;
    }

    /**
     * The next event, waiting as long as it takes; null once closed ({@link #close()} wakes a
     * waiting caller). Unlike a timed poll it arms no timer per wait, which matters for a
     * subscriber that waits once per event at hundreds of events a second.
     */
    public @Nullable Event take() throws InterruptedException {
        if (closed) {
            return null;
        }
        Event event = mailbox.take();
        return event == CLOSED || closed ? null : event;
    }

    /**
     * What this subscriber missed since the last call, and resets it. A non-zero {@code stored}
     * count means the subscriber must read the journal after the last id it handled.
     */
    public Missed takeMissed() {
        return new Missed(missedStored.getAndSet(0), missedUnstored.getAndSet(0));
    }

    public long missedTotal() {
        return missedTotal.get();
    }

    public long delivered() {
        return delivered.get();
    }

    public int backlog() {
        return closed ? 0 : mailbox.size();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            mailbox.clear();
            // Wakes a caller blocked in take(); should a racing offer have taken the room, that
            // event wakes it instead and the closed check answers null.
            mailbox.offer(CLOSED);
            onClose.accept(this);
        }
    }

    /** Events that did not fit in the mailbox. */
    public record Missed(long stored, long unstored) {
        public boolean any() {
            return stored > 0 || unstored > 0;
        }
    }
}
