package dev.vtubermiku.server.onair;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.event.Subscription;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.SecretMasker;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.JdbiEventJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The on-air links as the backend runs them (real store, real event bus, real status monitor),
 * configured for the fakes of a test, with short retry waits.
 */
final class OnAirRig implements AutoCloseable {

    static final OnAir.Timing FAST = new OnAir.Timing(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(3),
            Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(100));

    final Database database;
    final EventBus bus;
    final SecretMasker masker = new SecretMasker();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    final ServiceMonitor monitor;
    final OnAir onAir;
    private final Subscription states;
    final List<Event> stateEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    final RuntimeConfig config;

    OnAirRig(Path dir, Map<ConfigKey, String> config) {
        this.database = Database.open(dir.resolve("vtuber.db"));
        this.bus = new EventBus(new JdbiEventJournal(database, Json.newMapper()), Clock.systemUTC(),
                Thread.ofVirtual().factory(), masker);
        this.config = new RuntimeConfig(Settings.defaults().with(config, Settings.Source.RUNTIME), Map.of(),
                new DotEnvFile(dir.resolve(".env")));
        this.onAir = OnAir.create(this.config, bus, database, masker, Json.newMapper(), Clock.systemUTC(), FAST);
        this.monitor = new ServiceMonitor(onAir.probes(), Clock.systemUTC(), scheduler);
        this.states = bus.listen("test-states", TopicFilter.parse(EventTypes.VTS_STATE + "," + EventTypes.OBS_STATE), 1000,
                stateEvents::add);
    }

    OnAirRig start() {
        onAir.start(monitor);
        return this;
    }

    /** The states the link reported, in order ({@code vts.state} or {@code obs.state}). */
    List<String> states(String type) {
        List<String> out = new ArrayList<>();
        for (Event e : stateEvents) {
            if (e.type().equals(type)) {
                out.add((String) e.data().get("state"));
            }
        }
        return out;
    }

    String status(ServiceId id) {
        var current = monitor.get(id);
        return current == null ? "absent" : current.health().state().wire();
    }

    /** A chunk of her speech begins: the event the speaking path publishes. */
    void speechStarted(String turn, int chunk, String text, @Nullable String emotion, float[] envelope) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("turn_id", turn);
        data.put("character_id", 1);
        data.put("chunk", chunk);
        data.put("text", text);
        data.put("sample_rate", 22050);
        data.put("duration_ms", envelope.length * 20L);
        data.put("envelope_ms", 20);
        data.put("envelope", envelope);
        data.put("origin", "chat");
        if (emotion != null) {
            data.put("emotion", emotion);
        }
        bus.publish(EventTypes.SPEECH_STARTED, Severity.DEBUG, "speaks: " + text, data);
    }

    void speechFinished(String turn, int chunk, boolean turnEnd, boolean interrupted) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("turn_id", turn);
        data.put("character_id", 1);
        if (!turnEnd) {
            data.put("chunk", chunk);
        }
        data.put("interrupted", interrupted);
        data.put("turn_end", turnEnd);
        bus.publish(EventTypes.SPEECH_FINISHED, Severity.DEBUG, "said", data);
    }

    /** Waits up to 10 s for a condition that the links reach by themselves. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        onAir.close();
        states.close();
        scheduler.shutdownNow();
        bus.close();
        database.close();
    }
}
