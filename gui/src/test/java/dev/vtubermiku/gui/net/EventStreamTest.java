package dev.vtubermiku.gui.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event stream against a real backend that stops, restarts and starts late. */
class EventStreamTest {

    private final List<Long> ids = new CopyOnWriteArrayList<>();
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private static final List<String> history = new CopyOnWriteArrayList<>();
    private final List<Boolean> connections = new CopyOnWriteArrayList<>();
    private final EventStream.Listener listener = new EventStream.Listener() {
        @Override
        public void onEvent(EventEnvelope event) {
            if (event.id() != null) {
                ids.add(event.id());
            }
        }

        @Override
        public void onState(ConnectionState state, String detail) {
            states.add(state);
            history.add(java.time.LocalTime.now() + " " + state + " " + detail);
        }

        @Override
        public void onConnected(boolean resumed) {
            connections.add(resumed);
        }
    };

    @Test
    void afterABackendRestartEventsResumeWithNoneLostOrDoubled(@TempDir Path dir) throws Exception {
        int port = Backends.freePort();
        TestBackend backend = Backends.start(dir, port);
        try (BackendClient client = new BackendClient(Backends.base(port), null);
                EventStream stream = new EventStream(client, listener)) {
            stream.start();
            await("connected", () -> connections.size() == 1);
            await("the pong's last id", () -> stream.lastId() != null);
            long before = stream.lastId();
            publish(backend, "before", 20);
            await("20 events", () -> ids.stream().filter(id -> id > before).count() >= 20);

            backend = backend.restart(); // same files, same port; the new backend publishes its own start-up events
            publish(backend, "after-restart", 20); // likely before the window is back: these come by replay
            await("reconnected", () -> connections.size() == 2);
            assertThat(connections.get(1)).as("the second connection resumed from a known id").isTrue();
            assertThat(states).contains(ConnectionState.RECONNECTING);
            publish(backend, "live", 5);

            List<Long> journal = journalAfter(backend, before);
            await("every stored event", () -> ids.containsAll(journal));
            long newest = journal.getLast(); // the backend keeps publishing (status): compare up to the journal's end
            List<Long> seen = ids.stream().filter(id -> id > before && id <= newest).toList();
            assertThat(seen).as("the ids the window saw are the journal's, in order, once each").isEqualTo(journal);
            assertThat(journal).hasSizeGreaterThanOrEqualTo(45);
        } finally {
            backend.close();
        }
    }

    @Test
    void aWindowStartedBeforeTheBackendConnectsWhenItComes(@TempDir Path dir) {
        int port = Backends.freePort();
        try (BackendClient client = new BackendClient(Backends.base(port), null);
                EventStream stream = new EventStream(client, listener)) {
            stream.start();
            await("a failed attempt", () -> states.contains(ConnectionState.RECONNECTING));
            assertThat(connections).isEmpty();
            try (TestBackend backend = Backends.start(dir, port)) {
                await("connected", () -> connections.size() == 1);
                publish(backend, "late", 3);
                await("its events", () -> ids.size() >= 3);
            }
        }
    }

    private static void publish(TestBackend backend, String label, int count) {
        for (int i = 0; i < count; i++) {
            backend.app().bus().publish(EventTypes.AUDIO_PROCESSED, Severity.INFO, label + " " + i, Map.of("n", i));
        }
    }

    private static List<Long> journalAfter(TestBackend backend, long since) throws Exception {
        List<Long> ids = new ArrayList<>();
        long cursor = since;
        while (true) {
            JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(backend.get("/api/events?since=" + cursor + "&limit=1000").body());
            page.path("events").forEach(e -> ids.add(e.path("id").asLong()));
            cursor = page.path("last_id").asLong();
            if (!page.path("more").asBoolean()) {
                return ids;
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; connection history: " + history);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
