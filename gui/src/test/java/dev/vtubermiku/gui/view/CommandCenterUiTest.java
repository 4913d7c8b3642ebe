package dev.vtubermiku.gui.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.vm.ChatLine;
import dev.vtubermiku.gui.vm.ClipRow;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.LogEntry;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window, driven through its controls on JavaFX's headless platform, against a real backend
 * on a random port (echo LLM, fixture voice).
 */
@ExtendWith(ApplicationExtension.class)
class CommandCenterUiTest {

    @TempDir
    static Path dir;
    private static int port;
    private static TestBackend backend;
    private CommandCenterModel model;
    private CommandCenterWindow window;
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBackend() {
        port = Backends.freePort();
        backend = Backends.start(dir, port);
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
        stage.setWidth(1000);
        stage.setHeight(740);
        model.connection().stateProperty().addListener((o, a, s) -> states.add(s));
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
    void aChatShowsTheReplyAsItStreams(FxRobot robot) {
        connected();
        robot.clickOn("#chat-input").write("hi from the window").type(KeyCode.ENTER);
        waitFor("the streamed reply", () -> bubbles(robot).stream().anyMatch(t -> t.contains("You said: \"hi from the window\"")));
        assertThat(bubbles(robot)).contains("hi from the window");
        ChatLine reply = fx(() -> model.chat().lines().getLast());
        waitFor("the end of the reply", () -> !fx(() -> reply.streamingProperty().get()));
        assertThat(fx(() -> reply.emotionProperty().get())).isEqualTo("neutral");
        assertThat(robot.lookup("#chat-input").queryTextInputControl().getText()).isEmpty();
    }

    @Test
    void thePickerSwitchesTheCharacter(FxRobot robot) {
        connected();
        waitFor("the characters", () -> fx(() -> model.chat().picker().activeProperty().get()) != null);
        CharacterInfo other = fx(() -> model.chat().picker().characters().stream().filter(c -> !c.active()).findFirst().orElseThrow());
        robot.clickOn("#character-picker");
        robot.clickOn(robot.lookup(".list-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> cell && other.name().equals(cell.getText()))
                .findFirst().orElseThrow());
        waitFor("the switch", () -> fx(() -> model.chat().picker().activeProperty().get().id()) == other.id());
        assertThat(backend.app().bus().journal().readAfter(0, dev.vtubermiku.core.event.TopicFilter.ALL, 10_000).stream()
                .filter(e -> e.type().equals("character.switched")).map(e -> ((Number) e.data().get("character_id")).longValue()).toList())
                .contains(other.id());
        waitFor("the notice in the conversation", () -> robot.lookup(".notice-text").queryAll().stream()
                .anyMatch(n -> ((Label) n).getText().contains("Switched to " + other.name())));
    }

    @Test
    void theLogFilterShowsOnlyMatchingLines(FxRobot robot) {
        connected();
        robot.clickOn("Logs");
        var log = LoggerFactory.getLogger("dev.vtubermiku.gui.test");
        log.info("needle-info-481");
        log.warn("needle-warn-481");
        log.warn("haystack-warn-481");
        ListView<LogEntry> lines = robot.lookup("#log-lines").queryListView();
        waitFor("the live lines", () -> fx(() -> lines.getItems().stream().anyMatch(e -> e.message().equals("haystack-warn-481"))));
        robot.clickOn("#log-level").clickOn("WARN");
        robot.clickOn("#log-search").write("needle");
        waitFor("the filter", () -> fx(() -> lines.getItems().stream().map(LogEntry::message).toList()).equals(List.of("needle-warn-481")));
        assertThat(robot.lookup("#log-counts").queryLabeled().getText()).startsWith("1 of ");
    }

    @Test
    void statusShowsAnIndicatorPerService(FxRobot robot) {
        connected();
        robot.clickOn("Status");
        waitFor("db ok", () -> dotOf(robot, "db").getStyleClass().contains("ok"));
        assertThat(dotOf(robot, "trainer").getStyleClass()).contains("unavailable");
        assertThat(dotOf(robot, "llm").getStyleClass()).contains("degraded");
        for (String service : List.of("stt", "tts", "vad")) {
            assertThat(robot.lookup("#service-" + service).tryQuery()).as(service).isPresent();
        }
        assertThat(robot.lookup("#service-trainer").lookup(".warning").queryLabeled().getText()).contains("Fix: ");
        waitFor("the configuration", () -> fx(() -> !robot.lookup("#config-table").queryTableView().getItems().isEmpty()));
        waitFor("the models", () -> fx(() -> !robot.lookup("#model-table").queryTableView().getItems().isEmpty()));
    }

    @Test
    void afterTheBackendRestartsEventsResumeWithNoneLostOrDoubled(FxRobot robot) throws Exception {
        connected();
        int before = fx(() -> model.chat().lines().size());
        backend = backend.restart(); // same files, same port
        // Sent while the window is still reconnecting: it arrives by replay.
        assertThat(backend.post("/api/chat", "{\"message\":\"while you were away\"}").statusCode()).isEqualTo(200);
        waitFor("back online", () -> states.contains(ConnectionState.RECONNECTING)
                && fx(() -> model.connection().stateProperty().get()) == ConnectionState.CONNECTED);
        assertThat(robot.lookup("#connection-state").queryLabeled().getText()).isEqualTo("Connected");
        assertThat(backend.post("/api/chat", "{\"message\":\"now live again\"}").statusCode()).isEqualTo(200);
        waitFor("both lines", () -> userLines("while you were away") == 1 && userLines("now live again") == 1
                && fx(() -> model.chat().lines().stream().noneMatch(l -> l.streamingProperty().get())));
        assertThat(userLines("while you were away")).isEqualTo(1);
        assertThat(userLines("now live again")).isEqualTo(1);
        assertThat(fx(() -> model.chat().lines().size())).isGreaterThan(before);
    }

    @Test
    void anUploadProducesClipRows(FxRobot robot) throws Exception {
        connected();
        Path wav = Files.copy(Fixtures.file("audio/jfk.wav"), dir.resolve("jfk-upload.wav"));
        robot.clickOn("Training");
        fx(() -> model.training().upload(List.of(wav))).get(30, TimeUnit.SECONDS);
        waitFor("the upload", () -> !fx(() -> model.training().uploadingProperty().get()));
        ListView<String> results = robot.lookup("#upload-results").queryListView();
        assertThat(fx(() -> List.copyOf(results.getItems()))).containsExactly("✔ jfk-upload.wav — 11.0 s");
        robot.clickOn("#process");
        // Silero VAD and Whisper on a shared build machine: processing 11 s of speech can take a while.
        waitFor("processing to end", 90, () -> !fx(() -> model.training().processingProperty().get()));
        TableView<ClipRow> table = robot.lookup("#clip-table").queryTableView();
        waitFor("clip rows", () -> fx(() -> table.getItems().size()) >= 3);
        // Each row shows its length and grade as the table renders them.
        List<String> lengths = fx(() -> robot.lookup("#clip-table .clip-length").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).filter(t -> t != null && !t.isEmpty()).toList());
        assertThat(lengths).isNotEmpty().allMatch(t -> t.matches("\\d+\\.\\d s"));
        List<String> grades = fx(() -> robot.lookup("#clip-table .clip-grade").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).filter(t -> t != null && !t.isEmpty()).toList());
        assertThat(grades).isNotEmpty().allMatch(g -> Set.of("good", "fair", "poor").contains(g));
        assertThat(fx(() -> table.getItems().stream().allMatch(c -> c.duration() >= 1.0 && c.duration() <= 15.0))).isTrue();
    }

    @Test
    void theEventsTabShowsHistoryAndLiveEventsFiltersThemAndJumpsToATurn(FxRobot robot) {
        connected();
        backend.post("/api/chat", "{\"message\":\"before the tab opened\"}");
        robot.clickOn("Events");
        TableView<EventEnvelope> table = robot.lookup("#event-table").queryTableView();
        waitFor("the first turn's events", () -> fx(() -> model.events().visible().stream()
                .anyMatch(e -> e.type().equals("chat.response"))));
        robot.clickOn("#event-types").write("chat.response");
        waitFor("only replies", () -> fx(() -> !table.getItems().isEmpty()
                && table.getItems().stream().allMatch(e -> e.type().equals("chat.response"))));
        backend.post("/api/chat", "{\"message\":\"a second live turn\"}");
        waitFor("the live reply", () -> fx(() -> table.getItems().size() >= 2));

        // Search reads the payload too, and the detail pane shows it.
        robot.clickOn("#event-search").write("second live");
        waitFor("one match", () -> fx(() -> table.getItems().size()) == 1);
        fx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });
        String detail = fx(() -> robot.lookup("#event-detail").queryTextInputControl().getText());
        assertThat(detail).startsWith("chat.response").contains("\"turn_id\"").contains("\"emotion\"");

        // The jump: every event of that turn (the streamer's line, the tokens, the reply), whatever the type filter.
        Object turn = fx(() -> model.events().selectedProperty().get().data().get("turn_id"));
        fx(() -> {
            model.events().searchProperty().set("");
            model.events().typesProperty().set("");
            return null;
        });
        robot.clickOn("#event-focus");
        waitFor("the turn's events", () -> fx(() -> table.getItems().stream().map(EventEnvelope::type).toList())
                .containsAll(List.of("chat.message", "chat.response")));
        assertThat(fx(() -> table.getItems().stream().allMatch(e -> turn.equals(e.data().get("turn_id"))))).isTrue();
        assertThat(fx(() -> robot.lookup("#event-focus-label").queryLabeled().getText())).contains("turn");

        // Pause holds the list still; events wait and arrive on resume.
        robot.clickOn("#event-unfocus");
        robot.clickOn("#event-pause");
        // Counted once paused: a status tick can land in the list until then.
        int shown = fx(() -> model.events().events().size());
        backend.post("/api/chat", "{\"message\":\"while paused\"}");
        waitFor("events waiting", () -> fx(() -> model.events().waitingProperty().get()) > 0);
        assertThat(fx(() -> model.events().events().size())).isEqualTo(shown);
        robot.clickOn("#event-pause");
        waitFor("the held events", () -> fx(() -> model.events().events().size()) > shown);
    }

    @Test
    void theTrainingTabChoosesTheLanguageHerNewVoiceSpeaks(FxRobot robot) {
        connected();
        robot.clickOn("Training");
        assertThat(fx(() -> model.training().espeakVoiceProperty().get())).isEqualTo("en-us");
        ComboBox<String> language = robot.lookup("#training-language").queryComboBox();
        assertThat(fx(() -> List.copyOf(language.getItems()))).contains("en-us", "de", "ja");
        fx(() -> {
            language.getSelectionModel().select("de");
            return null;
        });
        assertThat(fx(() -> model.training().espeakVoiceProperty().get())).isEqualTo("de");
        // Any espeak-ng voice can be typed, not only the listed ones.
        robot.clickOn(language.getEditor()).eraseText(2).write("pt-pt").type(KeyCode.ENTER);
        assertThat(fx(() -> model.training().espeakVoiceProperty().get())).isEqualTo("pt-pt");
    }

    // --- helpers

    private void connected() {
        waitFor("the connection", () -> fx(() -> model.connection().stateProperty().get()) == ConnectionState.CONNECTED);
    }

    private long userLines(String text) {
        return fx(() -> model.chat().lines().stream()
                .filter(l -> l.role() == ChatLine.Role.USER && l.textProperty().get().equals(text)).count());
    }

    private static List<String> bubbles(FxRobot robot) {
        return fx(() -> robot.lookup(".bubble-text").queryAll().stream().map(n -> ((Label) n).getText()).toList());
    }

    private static Node dotOf(FxRobot robot, String service) {
        return robot.lookup("#service-" + service).lookup(".dot").query();
    }

    static <T> T fx(Callable<T> call) {
        try {
            return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        waitFor(what, 20, condition);
    }

    private static void waitFor(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }
}
