package dev.vtubermiku.gui.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.gui.vm.StreamLine;
import dev.vtubermiku.protocol.AudienceQueueItem;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Stream tab against a real backend (echo LLM) whose audience sink is fed as a connector would:
 * the chat shows every line with what became of it, the queue says why each message is there, and
 * Skip, Block user, Answer now and Hold drive the backend.
 */
@ExtendWith(ApplicationExtension.class)
class StreamUiTest {

    @TempDir
    static Path dir;
    private static int port;
    private static TestBackend backend;
    private CommandCenterModel model;
    private CommandCenterWindow window;

    @BeforeAll
    static void startBackend() {
        port = Backends.freePort();
        backend = Backends.start(dir, port, Map.of("AUDIENCE_HOLD", "true", "AUDIENCE_COOLDOWN_SECONDS", "0"));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Start
    void start(Stage stage) {
        model = new CommandCenterModel(new BackendClient(Backends.base(port), null), Platform::runLater, FakeSound.none());
        window = new CommandCenterWindow(model);
        window.show(stage);
        stage.setWidth(1100);
        stage.setHeight(740);
        model.start();
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            window.stop();
            return null;
        });
        model.close();
    }

    @Test
    void theStreamTabShowsChatAndDrivesTheQueue(FxRobot robot) throws Exception {
        waitFor("connected", () -> fx(() -> model.connection().stateProperty().get()) == ConnectionState.CONNECTED);
        robot.clickOn("Stream");
        waitFor("hold from the backend", () -> fx(() -> model.audience().holdProperty().get()));
        var sink = backend.app().audience();
        sink.accept(msg("Ada", "Miku, what is your favourite song?"));
        sink.accept(msg("Bo", "just vibing"));
        sink.accept(msg("Troll", "meh stream"));
        sink.accept(msg("Cy", "!uptime"));

        waitFor("the queue", () -> fx(() -> model.audience().queue().size()) == 3);
        AudienceQueueItem first = fx(() -> model.audience().queue().getFirst());
        assertThat(first.userName()).isEqualTo("Ada");
        assertThat(first.why()).contains("names her", "asks a question");
        waitFor("the chat lines", () -> fx(() -> model.audience().chat().size()) >= 4);
        assertThat(fx(() -> model.audience().chat().stream().map(StreamLine::outcome).toList()))
                .contains("skipped: command").anyMatch(o -> o.startsWith("queued: names her"));
        assertThat(robot.lookup("#connection-twitch").queryAs(Label.class).getText()).isEqualTo("twitch: not configured");
        assertThat(robot.lookup("#audience-state").queryAs(Label.class).getText()).contains("3 of 50 waiting", "on hold");

        select(robot, "Bo");
        robot.clickOn("#skip");
        waitFor("Bo skipped", () -> fx(() -> model.audience().queue().stream().noneMatch(i -> i.userName().equals("Bo"))));
        select(robot, "Troll");
        robot.clickOn("#block-user");
        waitFor("Troll blocked", () -> fx(() -> model.audience().queue().stream().noneMatch(i -> i.userName().equals("Troll"))));
        assertThat(backend.get("/api/config").body()).contains("twitch:id-troll");

        robot.clickOn("#audience-hold"); // hold off: she answers Ada
        waitFor("her answer in the chat", () -> fx(() -> model.audience().chat().stream()
                .anyMatch(l -> l.user().equals("→ Ada"))));
        assertThat(backend.get("/api/audience/queue").body()).contains("\"hold\":false");
        assertThat(fx(() -> model.audience().queue())).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private void select(FxRobot robot, String user) throws Exception {
        ListView<AudienceQueueItem> queue = robot.lookup("#audience-queue").queryAs(ListView.class);
        fx(() -> {
            queue.getSelectionModel().select(queue.getItems().stream().filter(i -> i.userName().equals(user)).findFirst().orElseThrow());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static ViewerMessage msg(String user, String text) {
        return new ViewerMessage("twitch", user + System.nanoTime(), "id-" + user, user, Set.of(), 0, false, text, Instant.now());
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(String what, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
