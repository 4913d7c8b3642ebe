package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Status tab's ViewModel against a real backend. */
class StatusViewModelTest {

    @TempDir
    static Path dir;
    private static TestBackend backend;
    private final UiThread ui = new UiThread();
    private CommandCenterModel model;
    private StatusViewModel status;

    @BeforeAll
    static void startBackend() {
        backend = Backends.start(dir, Backends.freePort());
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @BeforeEach
    void connect() {
        model = new CommandCenterModel(new BackendClient(Backends.base(backend.port()), null), ui, FakeSound.none());
        model.start();
        status = model.status();
    }

    @AfterEach
    void close() {
        model.close();
        ui.close();
    }

    @Test
    void everyServiceHasAnIndicatorWithItsDetailAndFix() {
        ui.await("the status", () -> status.services().stream().noneMatch(s -> s.stateProperty().get().equals("unknown")));
        assertThat(ui.call(() -> status.services().stream().map(ServiceRow::name).toList()))
                .containsExactly("db", "llm", "stt", "tts", "vad", "trainer");
        ServiceRow db = ui.call(() -> status.services().getFirst());
        assertThat(db.stateProperty().get()).isEqualTo("ok");
        ServiceRow trainer = ui.call(() -> status.services().getLast());
        assertThat(trainer.stateProperty().get()).isEqualTo("unavailable");
        assertThat(trainer.fixProperty().get()).contains("PIPER_TRAIN_PYTHON");
        ServiceRow llm = ui.call(() -> status.services().get(1));
        assertThat(llm.detailProperty().get()).contains("offline echo");
        assertThat(ui.call(() -> status.summaryProperty().get())).contains("services need attention");
        assertThat(ui.call(() -> status.samples().size())).isPositive();
        assertThat(ui.call(() -> status.samples().getLast().memory())).isBetween(0.0, 1.0);
    }

    @Test
    void runtimeKeysAreEditedAndSecretsStayMasked() {
        ui.await("the configuration", () -> !status.config().isEmpty());
        ConfigRow token = ui.call(() -> status.config().stream().filter(c -> c.key().equals("OPENROUTER_API_KEY")).findFirst().orElseThrow());
        assertThat(token.secret()).isTrue();
        ConfigRow runtime = ui.call(() -> status.config().stream().filter(c -> c.runtime() && !c.secret()
                && c.key().equals("OPENROUTER_MODEL")).findFirst().orElseThrow());
        ui.run(() -> runtime.valueProperty().set("qwen/qwen-2.5-72b-instruct"));
        assertThat(ui.call(() -> runtime.editedProperty().get())).isTrue();
        ui.call(status::saveConfig).join();
        assertThat(ui.call(() -> status.configMessageProperty().get())).contains("Applied now: OPENROUTER_MODEL");
        assertThat(backend.get("/api/config").body()).contains("qwen/qwen-2.5-72b-instruct");
        ui.await("the reloaded rows", () -> status.config().stream()
                .anyMatch(c -> c.key().equals("OPENROUTER_MODEL") && c.original().equals("qwen/qwen-2.5-72b-instruct")));
    }

    @Test
    void theModelManagerListsModelsAndReportsAPull() {
        ui.await("the models", () -> !status.models().isEmpty());
        CatalogRow vad = ui.call(() -> status.models().stream().filter(m -> m.kind().equals("vad")).findFirst().orElseThrow());
        assertThat(vad.stateProperty().get()).isEqualTo("missing");
        ui.call(() -> status.pull(vad.name())).join();
        // No network here (MODEL_MIRROR points nowhere): the pull fails, and the tab says so from model.failed.
        ui.await("the outcome of the pull", () -> status.modelMessageProperty().get().contains("failed")
                || status.modelMessageProperty().get().contains("downloaded"));
    }
}
