package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.FakeHttp;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.LogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsViewModelTest {

    private final UiThread ui = new UiThread();
    private final FakeHttp http = new FakeHttp();
    private final BackendClient client = new BackendClient(http.base(), null);

    @AfterEach
    void close() {
        client.close();
        http.close();
        ui.close();
    }

    private static LogEntry line(long seq, String level, String message) {
        return new LogEntry(seq, Instant.parse("2026-12-01T10:00:00Z").plusMillis(seq), level, "dev.vtubermiku.server.App", "main",
                message, null);
    }

    @Test
    void keepsOnlyTheNewestLines() {
        LogsViewModel vm = new LogsViewModel(client, ui, 10_000);
        for (int i = 0; i < 25_000; i++) {
            vm.accept(line(i, "INFO", "line " + i));
            if (i % 3_000 == 0) {
                ui.run(vm::flush);
            }
        }
        ui.run(vm::flush);
        assertThat(ui.call(() -> vm.lines().size())).isEqualTo(10_000);
        assertThat(ui.call(() -> vm.lines().getFirst().seq())).isEqualTo(15_000);
        assertThat(ui.call(() -> vm.lines().getLast().seq())).isEqualTo(24_999);
    }

    @Test
    void levelAndSearchFilterTheVisibleLines() {
        LogsViewModel vm = new LogsViewModel(client, ui, 100);
        vm.accept(line(1, "DEBUG", "noise"));
        vm.accept(line(2, "INFO", "Piper voice loaded"));
        vm.accept(line(3, "WARN", "llm is degraded"));
        vm.accept(line(4, "ERROR", "Piper crashed"));
        ui.run(vm::flush);
        assertThat(ui.call(() -> vm.visible().stream().map(LogEntry::seq).toList())).containsExactly(2L, 3L, 4L);
        ui.run(() -> vm.levelProperty().set("WARN"));
        assertThat(ui.call(() -> vm.visible().stream().map(LogEntry::seq).toList())).containsExactly(3L, 4L);
        ui.run(() -> {
            vm.levelProperty().set("TRACE");
            vm.searchProperty().set("piper");
        });
        assertThat(ui.call(() -> vm.visible().stream().map(LogEntry::seq).toList())).containsExactly(2L, 4L);
        // New lines are filtered as they come.
        vm.accept(line(5, "INFO", "another PIPER line"));
        vm.accept(line(6, "INFO", "unrelated"));
        ui.run(vm::flush);
        assertThat(ui.call(() -> vm.visible().stream().map(LogEntry::seq).toList())).containsExactly(2L, 4L, 5L);
    }

    @Test
    void pauseHoldsLinesBackAndResumeShowsThem() {
        LogsViewModel vm = new LogsViewModel(client, ui, 100);
        vm.accept(line(1, "INFO", "one"));
        ui.run(vm::flush);
        ui.run(() -> vm.pausedProperty().set(true));
        vm.accept(line(2, "INFO", "two"));
        vm.accept(line(3, "INFO", "three"));
        assertThat(ui.call(vm::flush)).isZero();
        assertThat(ui.call(() -> vm.lines().size())).isEqualTo(1);
        assertThat(ui.call(() -> vm.waitingProperty().get())).isEqualTo(2);
        ui.run(() -> vm.pausedProperty().set(false));
        assertThat(ui.call(() -> vm.lines().stream().map(LogEntry::message).toList())).containsExactly("one", "two", "three");
    }

    @Test
    void aReloadAfterReconnectingAddsOnlyWhatWasMissed() {
        http.answer("GET", "/api/logs", 200, """
                {"entries":[
                 {"seq":1,"timestamp":"2026-12-01T10:00:00Z","level":"INFO","logger":"a","thread":"t","message":"one"},
                 {"seq":2,"timestamp":"2026-12-01T10:00:01Z","level":"INFO","logger":"a","thread":"t","message":"two"},
                 {"seq":3,"timestamp":"2026-12-01T10:00:02Z","level":"INFO","logger":"a","thread":"t","message":"three"},
                 {"seq":4,"timestamp":"2026-12-01T10:00:03Z","level":"INFO","logger":"a","thread":"t","message":"four"}]}""");
        LogsViewModel vm = new LogsViewModel(client, ui, 100);
        vm.accept(line(1, "INFO", "one"));
        ui.run(vm::flush);
        vm.connected(); // the connection dropped and came back: line 4 arrives live, 2 and 3 were missed
        vm.accept(line(4, "INFO", "four"));
        vm.refresh().join();
        ui.run(vm::flush);
        assertThat(ui.call(() -> vm.lines().stream().map(LogEntry::message).sorted().toList()))
                .containsExactly("four", "one", "three", "two");
    }

    @Test
    void savesTheVisibleLines(@TempDir Path dir) throws Exception {
        LogsViewModel vm = new LogsViewModel(client, ui, 100);
        vm.accept(line(1, "INFO", "kept"));
        vm.accept(line(2, "ERROR", "boom"));
        ui.run(() -> {
            vm.flush();
            vm.levelProperty().set("ERROR");
        });
        Path file = dir.resolve("log.txt");
        ui.call(() -> vm.save(file)).join();
        assertThat(Files.readString(file)).contains("ERROR").contains("boom").doesNotContain("kept");
        assertThat(ui.call(() -> vm.messageProperty().get())).contains("Saved 1 lines");
    }
}
