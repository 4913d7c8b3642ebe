package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.FakeHttp;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.EventEnvelope;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventsViewModelTest {

    private final UiThread ui = new UiThread();
    private final FakeHttp http = new FakeHttp();
    private final BackendClient client = new BackendClient(http.base(), null);

    @AfterEach
    void close() {
        client.close();
        http.close();
        ui.close();
    }

    private static EventEnvelope event(@Nullable Long id, String type, String severity, String message, Map<String, Object> data) {
        return new EventEnvelope(id, type, Instant.parse("2026-12-04T10:00:00Z").plusSeconds(id == null ? 0 : id), severity, message,
                data);
    }

    @Test
    void anEventSeenTwiceIsShownOnceAndLiveOnlyEventsAlwaysCount() {
        EventsViewModel vm = new EventsViewModel(client, ui);
        vm.onEvent(event(1L, "chat.message", "info", "hi", Map.of("turn_id", "t1")));
        vm.onEvent(event(2L, "chat.response", "info", "hello", Map.of("turn_id", "t1")));
        vm.onEvent(event(1L, "chat.message", "info", "hi", Map.of("turn_id", "t1"))); // history and live overlap
        vm.onEvent(event(null, "log.entry", "debug", "a line", Map.of()));
        vm.onEvent(event(null, "log.entry", "debug", "a line", Map.of()));
        ui.run(vm::flush);
        assertThat(ui.call(() -> vm.events().stream().map(EventEnvelope::type).toList()))
                .containsExactly("chat.message", "chat.response", "log.entry", "log.entry");
    }

    /**
     * The Events tab once lost events when a live event overtook its history load: a newer live id
     * made the history look like another store's (the list was cleared), or the history's older ids
     * were dropped as already seen. The two may arrive in either order; both must show.
     */
    @Test
    void aLiveEventThatOvertakesTheHistoryLoadLosesNothing() throws Exception {
        var json = client.json();
        http.answer("GET", "/api/status", 200, json.writeValueAsString(new dev.vtubermiku.protocol.StatusResponse("1",
                Instant.EPOCH, 1, java.util.List.of(), new dev.vtubermiku.protocol.StatusResponse.SystemMetrics(0, 0, 2, 1, 1, 1,
                        1, 1, "/", 1, 1), new dev.vtubermiku.protocol.StatusResponse.EventStats(3, 3, 0, 0, 1, 3),
                java.util.List.of())));
        http.answer("GET", "/api/events", 200, json.writeValueAsString(new dev.vtubermiku.protocol.EventPage(java.util.List.of(
                event(1L, "chat.message", "info", "hi", Map.of("turn_id", "t1")),
                event(2L, "chat.token", "debug", "token", Map.of("turn_id", "t1")),
                event(3L, "chat.response", "info", "hello", Map.of("turn_id", "t1"))), 3, false)));
        EventsViewModel vm = new EventsViewModel(client, ui);
        var loaded = vm.refresh();
        vm.onEvent(event(4L, "system.status", "debug", "a status tick stored after the status was read", Map.of()));
        loaded.get(5, java.util.concurrent.TimeUnit.SECONDS);
        ui.run(vm::flush);
        assertThat(ui.call(() -> vm.events().stream().map(EventEnvelope::id).sorted().toList())).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void typePatternsSeverityAndTextNarrowTheList() {
        EventsViewModel vm = new EventsViewModel(client, ui);
        vm.onEvent(event(1L, "chat.message", "info", "hi Miku", Map.of("turn_id", "t1")));
        vm.onEvent(event(2L, "training.failed", "error", "Run 4 failed", Map.of("run_id", 4, "hint", "lower the batch size")));
        vm.onEvent(event(3L, "training.progress", "info", "Run 4: epoch 1/3", Map.of("run_id", 4)));
        vm.onEvent(event(4L, "system.status", "debug", "all services ok", Map.of()));
        ui.run(vm::flush);
        ui.run(() -> vm.typesProperty().set("training.*, chat.message"));
        assertThat(ui.call(() -> vm.visible().stream().map(EventEnvelope::id).toList())).containsExactly(1L, 2L, 3L);
        ui.run(() -> vm.severityProperty().set("error"));
        assertThat(ui.call(() -> vm.visible().stream().map(EventEnvelope::id).toList())).containsExactly(2L);
        ui.run(() -> {
            vm.severityProperty().set("debug");
            vm.typesProperty().set("");
            vm.searchProperty().set("BATCH SIZE"); // in the payload, not the message
        });
        assertThat(ui.call(() -> vm.visible().stream().map(EventEnvelope::id).toList())).containsExactly(2L);
    }

    @Test
    void theJumpShowsEveryEventOfTheSelectedRunAndTheDetailShowsThePayload() {
        EventsViewModel vm = new EventsViewModel(client, ui);
        vm.onEvent(event(1L, "training.started", "info", "Run 4 started", Map.of("run_id", 4)));
        vm.onEvent(event(2L, "training.started", "info", "Run 5 started", Map.of("run_id", 5)));
        vm.onEvent(event(3L, "training.progress", "info", "Run 4: epoch 1/3", Map.of("run_id", 4, "loss", 2.5)));
        vm.onEvent(event(4L, "character.switched", "info", "Switched to Miku", Map.of("character_id", 1)));
        ui.run(vm::flush);
        ui.run(() -> vm.selectedProperty().set(vm.events().get(3)));
        assertThat(ui.call(vm::focusOnSelected)).as("a switch belongs to no turn or run").isFalse();
        ui.run(() -> vm.selectedProperty().set(vm.events().get(2)));
        assertThat(ui.call(() -> vm.detailProperty().get())).startsWith("training.progress").contains("\"loss\" : 2.5");
        assertThat(ui.call(vm::focusOnSelected)).isTrue();
        assertThat(ui.call(() -> vm.visible().stream().map(EventEnvelope::id).toList())).containsExactly(1L, 3L);
        ui.run(vm::clearFocus);
        assertThat(ui.call(() -> vm.visible().size())).isEqualTo(4);
    }

    @Test
    void pausedTheListHoldsStillAndKeepsOnlyTheNewest() {
        EventsViewModel vm = new EventsViewModel(client, ui);
        ui.run(() -> vm.pausedProperty().set(true));
        for (long i = 1; i <= EventsViewModel.CAPACITY + 500; i++) {
            vm.onEvent(event(i, "chat.token", "debug", "t", Map.of()));
        }
        ui.run(vm::flush);
        assertThat(ui.call(() -> vm.events().size())).isZero();
        assertThat(ui.call(() -> vm.waitingProperty().get())).isEqualTo(EventsViewModel.CAPACITY);
        ui.run(() -> vm.pausedProperty().set(false));
        assertThat(ui.call(() -> vm.events().size())).isEqualTo(EventsViewModel.CAPACITY);
        assertThat(ui.call(() -> vm.events().getFirst().id())).isEqualTo(501L);
    }
}
