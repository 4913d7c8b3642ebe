package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Subscription;
import dev.vtubermiku.core.event.TopicFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Every event of a backend from the moment it is made, and a wait for one that matches. */
final class EventLog implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();
    private final Subscription subscription;
    private final List<Event> seen = new CopyOnWriteArrayList<>();

    EventLog(EventBus bus) {
        subscription = bus.subscribe("test-log", TopicFilter.ALL, 200_000);
    }

    Event await(String type, Predicate<Event> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Event e : seen) {
            if (e.type().equals(type) && which.test(e)) {
                return e;
            }
        }
        while (System.nanoTime() < deadline) {
            Event e = subscription.poll(Duration.ofMillis(50));
            if (e != null) {
                seen.add(e);
                if (e.type().equals(type) && which.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no " + type + " event within " + timeout + "; seen: "
                + seen.stream().map(x -> x.type() + " " + x.message()).toList());
    }

    /** What arrived so far (drains the mailbox). */
    List<Event> all() throws InterruptedException {
        Event e;
        while ((e = subscription.poll(Duration.ofMillis(20))) != null) {
            seen.add(e);
        }
        return List.copyOf(seen);
    }

    static ViewerMessage viewer(String user, String text) {
        return viewer("twitch", user, text, Set.of(), 0);
    }

    static ViewerMessage viewer(String platform, String user, String text, Set<ViewerMessage.Badge> badges, int bits) {
        long n = IDS.incrementAndGet();
        return new ViewerMessage(platform, "msg-" + n, "uid-" + user, user, badges, bits, false, text, Instant.now());
    }

    @Override
    public void close() {
        subscription.close();
    }
}
