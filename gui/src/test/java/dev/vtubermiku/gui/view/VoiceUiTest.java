package dev.vtubermiku.gui.view;

import static dev.vtubermiku.gui.view.CommandCenterUiTest.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.VoiceBackends;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.gui.vm.TurnLatency;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
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

/** The Talk toggle and the latency panel, driven through the window against a real voice backend. */
@ExtendWith(ApplicationExtension.class)
class VoiceUiTest {

    @TempDir
    static Path dir;
    private static int port;
    private static TestBackend backend;
    private final FakeSound sound = new FakeSound(List.of("Speakers"), List.of("Mic"), null);
    private CommandCenterModel model;
    private CommandCenterWindow window;

    @BeforeAll
    static void startBackend() {
        port = Backends.freePort();
        backend = VoiceBackends.start(dir, port);
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Start
    void start(Stage stage) {
        model = new CommandCenterModel(new BackendClient(Backends.base(port), null), Platform::runLater, sound);
        window = new CommandCenterWindow(model);
        window.show(stage);
        stage.setWidth(1100);
        stage.setHeight(760);
        model.start();
    }

    @AfterEach
    void close() {
        fx(() -> {
            window.stop();
            return null;
        });
        model.close();
        VoiceBackends.NEXT_TRANSCRIPT.set(null);
    }

    @Test
    void talkStartsASessionAndTheStatusTabShowsTheTurnsLatency(FxRobot robot) {
        waitFor("the microphone and a character", () -> fx(() -> !model.chat().devices().inputs().isEmpty()
                && model.chat().picker().activeProperty().get() != null));
        Label state = robot.lookup("#voice-state").queryAs(Label.class);
        List<String> shown = new CopyOnWriteArrayList<>();
        fx(() -> {
            state.textProperty().addListener((o, a, b) -> shown.add(b));
            return null;
        });
        robot.clickOn("#voice-talk");
        waitFor("listening", () -> fx(() -> state.getText()).equals("Listening"));
        assertThat(fx(() -> robot.lookup("#voice-talk").queryAs(ToggleButton.class).isSelected())).isTrue();

        VoiceBackends.NEXT_TRANSCRIPT.set("Good evening, Miku.");
        short[] jfk = VoiceBackends.jfk();
        sound.say(Arrays.copyOfRange(jfk, 0, (int) (2.3 * VoiceBackends.RATE)));
        waitFor("her answer spoken", () -> shown.contains("Speaking") && fx(() -> state.getText()).equals("Listening"));
        assertThat(shown).containsSubsequence("Hearing you", "Thinking about “Good evening, Miku.”", "Speaking", "Listening");
        assertThat(sound.voiceOutputs.getFirst().written).isNotEmpty();

        robot.clickOn("Status");
        TableView<TurnLatency> turns = robot.lookup("#latency-turns").queryTableView();
        waitFor("the turn in the latency panel", () -> fx(() -> turns.getItems().size() == 1
                && !Double.isNaN(turns.getItems().getFirst().firstAudioMs())));
        TableView<?> stages = robot.lookup("#latency-stages").queryTableView();
        waitFor("p50 / p95 per stage", () -> fx(() -> !stages.getItems().isEmpty()));
        assertThat(robot.lookup("#latency-summary").queryLabeled().getText()).startsWith("1 voice turn");

        robot.clickOn("Chat");
        robot.clickOn("#voice-talk");
        waitFor("talk off", () -> fx(() -> state.getText()).equals("Talk is off"));
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
