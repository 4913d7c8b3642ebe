package dev.vtubermiku.gui.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.gui.vm.FirstRunViewModel.Step;
import dev.vtubermiku.gui.vm.GuideMemory;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
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
 * The first-run guide, walked through with the mouse on JavaFX's headless platform, against a real
 * backend (echo LLM, fixture voice) on a machine without a sound card.
 */
@ExtendWith(ApplicationExtension.class)
class FirstRunGuideUiTest {

    @TempDir
    static Path dir;
    private static int port;
    private static TestBackend backend;
    private final GuideMemory memory = GuideMemory.inMemory();
    private CommandCenterModel model;
    private CommandCenterWindow window;

    @BeforeAll
    static void startBackend() {
        port = Backends.freePort();
        backend = Backends.start(dir, port, java.util.Map.of("LLM_LOCAL_URL", "http://127.0.0.1:9/v1"));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Start
    void start(Stage stage) {
        model = new CommandCenterModel(new BackendClient(Backends.base(port), null), Platform::runLater, FakeSound.none(), memory);
        window = new CommandCenterWindow(model);
        window.show(stage);
        model.start();
    }

    @AfterEach
    void close() {
        fx(() -> {
            window.stop();
            return null;
        });
        model.close();
    }

    @Test
    void everyStepFromHelpToFinish(FxRobot robot) {
        waitFor("the connection", () -> fx(() -> model.connection().stateProperty().get()) == ConnectionState.CONNECTED);
        assertThat(model.firstRun().firstRun()).isTrue();
        robot.clickOn("Help").clickOn("#menu-guide");
        waitFor("the guide", () -> robot.lookup("#guide-page").tryQuery().isPresent());

        // 1: no local LLM here, so the echo is picked and says why
        waitFor("the LLM search", () -> text(robot, "#llm-local-note").startsWith("No local LLM"));
        assertThat(robot.lookup("#llm-echo").queryAs(javafx.scene.control.RadioButton.class).isSelected()).isTrue();
        assertThat(robot.lookup("#llm-key").queryAs(TextField.class).isDisabled()).isTrue();
        robot.clickOn("#guide-next");

        // 2: the fixture voice is listed; Hear her says there is no sound output here
        waitFor("the voice step", () -> robot.lookup("#voice-list").tryQuery().isPresent());
        waitFor("the voices", () -> fx(() -> robot.lookup("#voice-list").queryAs(ListView.class).getItems().contains("test_voice")));
        robot.clickOn("#voice-preview");
        waitFor("the preview's answer", () -> text(robot, "#voice-note").contains("No sound output"));
        robot.clickOn("#guide-next");

        // 3: no microphone: said plainly, the meter idle
        waitFor("the microphone step", () -> robot.lookup("#mic-note").tryQuery().isPresent());
        assertThat(text(robot, "#mic-note")).startsWith("No microphone found");
        assertThat(robot.lookup("#mic-level").query().isDisabled()).isTrue();
        robot.clickOn("#guide-skip");

        // 4: pick another character and go on with her
        waitFor("the characters", () -> fx(() -> robot.lookup("#character-list").queryAs(ListView.class).getItems().size()) >= 3);
        CharacterInfo other = fx(() -> model.firstRun().characters().stream().filter(c -> !c.active()).findFirst().orElseThrow());
        robot.clickOn(other.name());
        robot.clickOn("#guide-next");
        waitFor("the switch", () -> fx(() -> model.chat().picker().activeProperty().get()) != null
                && fx(() -> model.chat().picker().activeProperty().get().id()) == other.id());

        // 5: the overlay address for OBS, which this backend serves, ready to copy
        waitFor("the overlay step", () -> fx(() -> model.firstRun().stepProperty().get()) == Step.OVERLAY);
        waitFor("the overlay check", () -> text(robot, "#overlay-note").contains("Browser source"));
        assertThat(robot.lookup("#overlay-url").queryAs(TextField.class).getText()).isEqualTo("http://127.0.0.1:" + port + "/overlay");
        assertThat(robot.lookup("#overlay-copy").query().isDisabled()).isFalse();
        robot.clickOn("#guide-next"); // Finish

        waitFor("the guide to close", () -> !fx(() -> model.firstRun().openProperty().get()));
        assertThat(memory.seen()).isTrue();
    }

    private static String text(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse(""));
    }

    private static <T> T fx(Callable<T> call) {
        return CommandCenterUiTest.fx(call);
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }
}
