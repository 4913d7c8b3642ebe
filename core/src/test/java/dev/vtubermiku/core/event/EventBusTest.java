package dev.vtubermiku.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vtubermiku.protocol.EventTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final InMemoryEventJournal journal = new InMemoryEventJournal();
    private final List<Thread> listenerThreads = new CopyOnWriteArrayList<>();
    private final ThreadFactory threads = r -> {
        Thread t = Thread.ofPlatform().daemon().unstarted(r);
        listenerThreads.add(t);
        return t;
    };
    private final EventBus bus = new EventBus(journal, Clock.fixed(NOW, ZoneOffset.UTC), threads);

    @AfterEach
    void closeBus() throws InterruptedException {
        bus.close();
        for (Thread t : listenerThreads) {
            t.join(5_000);
            assertThat(t.isAlive()).as("listener thread %s ends once its subscription is closed", t.getName()).isFalse();
        }
    }

    @Test
    void storedEventsGetIncreasingIdsAndReachSubscribersAfterTheJournal() throws InterruptedException {
        Subscription sub = bus.subscribe("test", TopicFilter.ALL, 16);

        Event first = bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "hello", Map.of("character_id", 1));
        Event second = bus.publish(EventTypes.CHAT_RESPONSE, Severity.WARNING, "hi there");

        assertThat(first.id()).isEqualTo(1L);
        assertThat(second.id()).isEqualTo(2L);
        assertThat(first.stored()).isTrue();
        assertThat(first.timestamp()).isEqualTo(NOW);
        assertThat(first.data()).containsExactly(Map.entry("character_id", 1));
        assertThat(second.severity()).isEqualTo(Severity.WARNING);
        assertThat(journal.all()).containsExactly(first, second);
        assertThat(drain(sub)).containsExactly(first, second);
        assertThat(bus.lastStoredId()).isEqualTo(2);
        assertThat(bus.stats()).isEqualTo(new EventBus.Stats(2, 2, 0, 0, 1, 2));
    }

    @Test
    void startsCountingAfterTheJournalsNewestId() {
        EventBus resumed = new EventBus(new InMemoryEventJournal(41), Clock.systemUTC(), threads);

        assertThat(resumed.lastStoredId()).isEqualTo(41);
        assertThat(resumed.publish(EventTypes.SYSTEM_STATUS, Severity.INFO, "up").id()).isEqualTo(42L);
        assertThat(resumed.lastStoredId()).isEqualTo(42);
    }

    @Test
    void eventDataIsACopyThePublisherCannotChangeAfterwards() {
        Map<String, Object> data = new HashMap<>();
        data.put("text", "before");

        Event event = bus.publish(EventTypes.CHAT_TOKEN, Severity.DEBUG, "token", data);
        data.put("text", "after");

        assertThat(event.data()).containsEntry("text", "before");
        assertThatThrownBy(() -> event.data().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrentPublishersStillDeliverInIdOrder() throws Exception {
        int publishers = 4;
        int perPublisher = 2_500;
        int total = publishers * perPublisher;
        Subscription a = bus.subscribe("a", TopicFilter.ALL, total);
        Subscription b = bus.subscribe("b", TopicFilter.ALL, total);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            tasks.add(() -> {
                go.await();
                List<Long> ids = new ArrayList<>();
                for (int seq = 0; seq < perPublisher; seq++) {
                    ids.add(bus.publish(EventTypes.TRAINING_PROGRESS, Severity.INFO, "step",
                            Map.of("publisher", publisher, "seq", seq)).id());
                }
                return ids;
            });
        }
        List<List<Long>> returnedIds = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(publishers)) {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (Callable<List<Long>> task : tasks) {
                futures.add(pool.submit(task));
            }
            go.countDown();
            for (Future<List<Long>> f : futures) {
                returnedIds.add(f.get(60, TimeUnit.SECONDS));
            }
        }

        List<Event> receivedA = drain(a);
        List<Event> receivedB = drain(b);
        assertThat(receivedA).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(receivedA.get(i).id()).as("event %d", i).isEqualTo(i + 1L);
        }
        assertThat(receivedB).isEqualTo(receivedA);
        assertThat(journal.all()).isEqualTo(receivedA);
        // Each publisher's own events keep their order, and the ids publish returned are the stored ones.
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            List<Event> own = receivedA.stream().filter(e -> e.data().get("publisher").equals(publisher)).toList();
            assertThat(own).extracting(e -> e.data().get("seq")).isSorted().hasSize(perPublisher);
            assertThat(own).extracting(Event::id).isEqualTo(returnedIds.get(p));
        }
        assertThat(bus.lastStoredId()).isEqualTo(total);
        assertThat(bus.stats().stored()).isEqualTo(total);
        assertThat(bus.stats().missed()).isZero();
    }

    @Test
    void logEntriesAreDeliveredButNeverStored() throws InterruptedException {
        Subscription sub = bus.subscribe("logs", TopicFilter.ALL, 16);

        Event event = bus.publish(EventTypes.LOG_ENTRY, Severity.INFO, "a log line", Map.of("logger", "x"));

        assertThat(event.id()).isNull();
        assertThat(event.stored()).isFalse();
        assertThat(journal.all()).isEmpty();
        assertThat(drain(sub)).containsExactly(event);
        assertThat(bus.lastStoredId()).isZero();
        assertThat(bus.stats().published()).isEqualTo(1);
        assertThat(bus.stats().stored()).isZero();
    }

    @Test
    void subscribersOnlyReceiveTheirTopics() throws InterruptedException {
        Subscription training = bus.subscribe("training", new TopicFilter(List.of("training.*")), 16);
        Subscription failures = bus.subscribe("failures", new TopicFilter(List.of("*.failed")), 16);
        Subscription token = bus.subscribe("token", new TopicFilter(List.of("chat.token")), 16);

        for (String type : List.of(EventTypes.CHAT_MESSAGE, EventTypes.CHAT_TOKEN, EventTypes.TRAINING_STARTED,
                EventTypes.TRAINING_FAILED, EventTypes.MODEL_FAILED, EventTypes.LOG_ENTRY)) {
            bus.publish(type, Severity.INFO, type);
        }

        assertThat(drain(training)).extracting(Event::type)
                .containsExactly(EventTypes.TRAINING_STARTED, EventTypes.TRAINING_FAILED);
        assertThat(drain(failures)).extracting(Event::type)
                .containsExactly(EventTypes.TRAINING_FAILED, EventTypes.MODEL_FAILED);
        assertThat(drain(token)).extracting(Event::type).containsExactly(EventTypes.CHAT_TOKEN);
    }

    @Test
    void aSubscriberCanChangeItsTopics() throws InterruptedException {
        Subscription sub = bus.subscribe("sub", new TopicFilter(List.of("chat.*")), 16);
        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "1");
        bus.publish(EventTypes.TRAINING_STARTED, Severity.INFO, "2");

        sub.filter(new TopicFilter(List.of("training.*")));
        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "3");
        bus.publish(EventTypes.TRAINING_STARTED, Severity.INFO, "4");

        assertThat(sub.filter().patterns()).containsExactly("training.*");
        assertThat(drain(sub)).extracting(Event::message).containsExactly("1", "4");
    }

    @Test
    void aStalledSubscriberNeitherBlocksThePublisherNorOtherSubscribers() throws InterruptedException {
        int total = 10_000;
        Subscription stalled = bus.subscribe("stalled", TopicFilter.ALL, 16);
        Subscription reader = bus.subscribe("reader", TopicFilter.ALL, total);

        // An offer that blocked on the full mailbox would hang here; the timeout turns that into a failure.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < total; i++) {
                bus.publish(EventTypes.CHAT_TOKEN, Severity.DEBUG, "t", Map.of("i", i));
            }
        });

        assertThat(stalled.backlog()).isEqualTo(16);
        assertThat(stalled.delivered()).isEqualTo(16);
        assertThat(stalled.missedTotal()).isEqualTo(total - 16);
        assertThat(stalled.takeMissed()).isEqualTo(new Subscription.Missed(total - 16, 0));
        assertThat(stalled.takeMissed().any()).as("takeMissed resets the counts").isFalse();
        assertThat(stalled.missedTotal()).as("the running total is kept").isEqualTo(total - 16);
        assertThat(drain(stalled)).extracting(Event::id)
                .as("the mailbox kept the oldest events")
                .containsExactlyElementsOf(ids(1, 16));

        List<Event> all = drain(reader);
        assertThat(all).extracting(Event::id).containsExactlyElementsOf(ids(1, total));
        assertThat(reader.missedTotal()).isZero();
        assertThat(bus.stats().missed()).isEqualTo(total - 16);
    }

    @Test
    void missedUnstoredEventsAreCountedApart() throws InterruptedException {
        Subscription stalled = bus.subscribe("stalled", TopicFilter.ALL, 1);

        bus.publish(EventTypes.LOG_ENTRY, Severity.INFO, "fills the mailbox");
        bus.publish(EventTypes.LOG_ENTRY, Severity.INFO, "missed 1");
        bus.publish(EventTypes.LOG_ENTRY, Severity.INFO, "missed 2");
        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "missed stored");

        assertThat(stalled.takeMissed()).isEqualTo(new Subscription.Missed(1, 2));
        assertThat(stalled.missedTotal()).isEqualTo(3);
        assertThat(drain(stalled)).extracting(Event::message).containsExactly("fills the mailbox");
    }

    @Test
    void missesOfClosedSubscriptionsStayInTheStats() {
        Subscription stalled = bus.subscribe("stalled", TopicFilter.ALL, 1);
        for (int i = 0; i < 3; i++) {
            bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "m" + i);
        }

        stalled.close();

        assertThat(bus.stats().missed()).isEqualTo(2);
        assertThat(bus.stats().subscribers()).isZero();
    }

    @Test
    void aFailingJournalStillDeliversTheEventLiveWithoutAnId() throws InterruptedException {
        Subscription sub = bus.subscribe("sub", TopicFilter.ALL, 16);
        journal.failing(true);

        Event lost = bus.publish(EventTypes.ERROR_OCCURRED, Severity.ERROR, "disk trouble");

        assertThat(lost.id()).isNull();
        assertThat(drain(sub)).containsExactly(lost);
        assertThat(bus.stats().storeFailures()).isEqualTo(1);
        assertThat(bus.stats().stored()).isZero();
        assertThat(bus.stats().published()).isEqualTo(1);
        assertThat(bus.lastStoredId()).isZero();

        journal.failing(false);
        Event next = bus.publish(EventTypes.SYSTEM_STATUS, Severity.INFO, "recovered");

        assertThat(next.id()).isEqualTo(1L);
        assertThat(drain(sub)).containsExactly(next);
        assertThat(bus.stats().storeFailures()).isEqualTo(1);
        assertThat(bus.stats().stored()).isEqualTo(1);
        assertThat(bus.lastStoredId()).isEqualTo(1);
    }

    @Test
    void aListenerSurvivesItsHandlerThrowing() throws InterruptedException {
        List<String> handled = new CopyOnWriteArrayList<>();
        CountDownLatch twoHandled = new CountDownLatch(2);
        Subscription sub = bus.listen("flaky", TopicFilter.ALL, 16, event -> {
            if (event.message().equals("boom")) {
                throw new IllegalStateException("handler failed");
            }
            handled.add(event.message());
            twoHandled.countDown();
        });

        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "boom");
        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "one");
        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "two");

        assertThat(twoHandled.await(10, TimeUnit.SECONDS)).as("later events are still handled").isTrue();
        assertThat(handled).containsExactly("one", "two");
        assertThat(listenerThreads).singleElement().extracting(Thread::getName).isEqualTo("events-flaky");

        sub.close();
        listenerThreads.getFirst().join(5_000);
        assertThat(listenerThreads.getFirst().isAlive()).isFalse();
    }

    @Test
    void closedSubscriptionsGetNothing() throws InterruptedException {
        Subscription sub = bus.subscribe("sub", TopicFilter.ALL, 16);
        Subscription other = bus.subscribe("other", TopicFilter.ALL, 16);
        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "before close");

        sub.close();
        sub.close(); // closing twice is harmless
        bus.publish(EventTypes.CHAT_MESSAGE, Severity.INFO, "after close");
        bus.publish(EventTypes.LOG_ENTRY, Severity.INFO, "log after close");

        assertThat(sub.isClosed()).isTrue();
        assertThat(sub.poll(Duration.ZERO)).as("the mailbox is emptied on close").isNull();
        assertThat(sub.backlog()).isZero();
        assertThat(sub.delivered()).isEqualTo(1);
        assertThat(sub.missedTotal()).isZero();
        assertThat(bus.stats().subscribers()).isEqualTo(1);
        assertThat(drain(other)).extracting(Event::message)
                .containsExactly("before close", "after close", "log after close");
    }

    @Test
    void closingTheBusClosesEverySubscription() {
        Subscription a = bus.subscribe("a", TopicFilter.ALL, 4);
        Subscription b = bus.subscribe("b", TopicFilter.ALL, 4);

        bus.close();

        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isTrue();
        assertThat(bus.stats().subscribers()).isZero();
    }

    @Test
    void aMailboxNeedsRoomForOneEvent() {
        assertThatThrownBy(() -> bus.subscribe("none", TopicFilter.ALL, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be positive");
    }

    private static List<Event> drain(Subscription sub) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        Event e;
        while ((e = sub.poll(Duration.ZERO)) != null) {
            events.add(e);
        }
        return events;
    }

    private static List<Long> ids(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
