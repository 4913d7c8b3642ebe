package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.LatencyReport;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.protocol.event.SpeechFinished;
import dev.vtubermiku.protocol.event.SpeechStarted;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Status tab's voice-loop latency: the last turns' stage times as their {@code speech.*} events
 * carry them (the first {@code speech.started} has them up to the first audio; the turn's last
 * {@code speech.finished} repeats them, with {@code interrupted}), and p50 / p95 per stage from
 * {@code GET /api/metrics/latency}, refreshed every {@link #REFRESH_SECONDS} s and after each turn.
 */
public final class LatencyViewModel implements AutoCloseable {

    public static final int TURNS_SHOWN = 10;
    static final int REFRESH_SECONDS = 5;

    private final BackendClient client;
    private final Executor ui;
    private final ObservableList<TurnLatency> turns = FXCollections.observableArrayList();
    private final ObservableList<LatencyReport.Stage> stages = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("No voice turns yet");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latency-refresh");
        t.setDaemon(true);
        return t;
    });

    public LatencyViewModel(BackendClient client, Executor ui) {
        this.client = client;
        this.ui = ui;
    }

    /** Starts the periodic refresh. */
    public void start() {
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    public CompletableFuture<Void> refresh() {
        return Tasks.then(client.get("/api/metrics/latency", LatencyReport.class), ui, report -> {
            stages.setAll(report.stages());
            summary.set(report.turns() == 0 ? "No voice turns yet"
                    : report.turns() + " voice turn" + (report.turns() == 1 ? "" : "s") + " (the last " + report.window() + " are kept)");
        }, error -> summary.set("Latency unavailable: " + error));
    }

    /** From the event thread. */
    public void onEvent(EventEnvelope event) {
        boolean started = event.type().equals(EventTypes.SPEECH_STARTED);
        if (!started && !event.type().equals(EventTypes.SPEECH_FINISHED)) {
            return;
        }
        SpeechStarted chunk = started ? EventPayload.decode(event.data(), SpeechStarted.class) : null;
        SpeechFinished finished = started ? null : EventPayload.decode(event.data(), SpeechFinished.class);
        @Nullable Map<String, @Nullable Double> latency = chunk != null ? chunk.latency() : finished != null ? finished.latency() : null;
        if (latency == null) {
            return;
        }
        String turn = chunk != null ? chunk.turnId() : Objects.requireNonNull(finished).turnId();
        TurnLatency row = TurnLatency.of(turn, latency, finished != null && finished.interrupted());
        boolean end = finished != null && finished.turnEnd();
        ui.execute(() -> {
            int at = indexOf(turn);
            if (at >= 0) {
                turns.set(at, row);
            } else {
                turns.add(0, row);
                if (turns.size() > TURNS_SHOWN) {
                    turns.remove(TURNS_SHOWN, turns.size());
                }
            }
            if (end) {
                refresh();
            }
        });
    }

    private int indexOf(String turn) {
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).turnId().equals(turn)) {
                return i;
            }
        }
        return -1;
    }

    /** Newest first. */
    public ObservableList<TurnLatency> turns() {
        return turns;
    }

    public ObservableList<LatencyReport.Stage> stages() {
        return stages;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
