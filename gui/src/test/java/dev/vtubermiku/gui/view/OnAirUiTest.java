package dev.vtubermiku.gui.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.avatar.AvatarSamples;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.input.Clipboard;
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
 * The On air tab, driven through its controls on JavaFX's headless platform against a real backend
 * that wants a token: the overlay URL, avatar upload and previews, the emotion mapping, a change
 * made elsewhere arriving by event, VTube Studio / OBS state, and where her voice plays.
 */
@ExtendWith(ApplicationExtension.class)
class OnAirUiTest {

    private static final String TOKEN = "on-air-test-token-2026";

    @TempDir
    static Path dir;
    private static TestBackend backend;
    private static int port;
    private CommandCenterModel model;
    private CommandCenterWindow window;

    @BeforeAll
    static void startBackend() {
        port = Backends.freePort();
        backend = Backends.start(dir, port, Map.of("API_TOKEN", TOKEN));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Start
    void start(Stage stage) {
        model = new CommandCenterModel(new BackendClient(Backends.base(port), TOKEN), Platform::runLater, FakeSound.none());
        window = new CommandCenterWindow(model);
        window.show(stage);
        stage.setWidth(1200);
        stage.setHeight(900);
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
    void theTabShowsTheOverlayUploadsAnAvatarAndEditsItsMapping(FxRobot robot) throws Exception {
        waitFor("the connection", () -> fx(() -> model.connection().stateProperty().get()) == ConnectionState.CONNECTED);
        robot.clickOn("On air");
        long miku = get("/api/characters").get(0).get("id").asLong();

        // the overlay's address, with her id and this window's token, copied for OBS
        waitFor("the overlay URL", () -> text(robot, "#onair-overlay-url").contains("character_id=" + miku));
        String url = text(robot, "#onair-overlay-url");
        assertThat(url).isEqualTo(Backends.base(port).resolve("/overlay") + "?character_id=" + miku + "&token=" + TOKEN);
        robot.clickOn("#onair-overlay-copy");
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(url);

        // nothing uploaded: her generated portrait
        waitFor("her portrait", () -> label(robot, "#avatar-kind").equals("a generated portrait"));
        assertThat(tiles(robot, ".avatar-thumb")).hasSize(1);

        // a sprite pack: one thumbnail per sprite, and the mapping lists its labels
        Map<String, byte[]> sprites = new LinkedHashMap<>();
        sprites.put("neutral.png", AvatarSamples.png(32, 32, 0x8899aa));
        sprites.put("joy.png", AvatarSamples.png(32, 32, 0xffcc33));
        sprites.put("amusement.png", AvatarSamples.png(32, 32, 0x33ccff));
        Path zip = Files.write(dir.resolve("miku-sprites.zip"), AvatarSamples.zip(sprites));
        fx(() -> model.onAir().upload(zip)).get(30, TimeUnit.SECONDS);
        waitFor("three thumbnails", () -> tiles(robot, ".avatar-thumb.picture").size() == 3);
        assertThat(label(robot, "#avatar-kind")).isEqualTo("a sprite pack (3 sprites)");
        assertThat(tiles(robot, ".avatar-thumb .avatar-label")).containsExactly("amusement", "joy", "neutral");
        ComboBox<String> anger = robot.lookup("#avatar-map-anger").queryComboBox();
        assertThat(fx(() -> anger.getValue())).isEqualTo("neutral");
        assertThat(fx(() -> List.copyOf(anger.getItems()))).containsExactly("amusement", "joy", "neutral");
        reveal(robot, anger);
        robot.clickOn(anger.lookup(".arrow-button")).clickOn(robot.lookup(".list-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && "amusement".equals(c.getText())).findFirst().orElseThrow());
        reveal(robot, robot.lookup("#avatar-map-save").query());
        robot.clickOn("#avatar-map-save");
        waitFor("the saved mapping", () -> get("/api/characters/" + miku + "/avatar").get("expression_map").get("anger").asText()
                .equals("amusement"));

        // a model uploaded elsewhere (the API): the tab follows avatar.changed by itself
        String boundary = "----onair";
        byte[] vrm = AvatarSamples.glb(AvatarSamples.vrm0Json("joy", "Joy", "sorrow", "Sorrow", "blink", "Blink"), false);
        byte[] body = AvatarSamples.multipart(boundary, "model.vrm", vrm);
        assertThat(backend.send(backend.request("/api/characters/" + miku + "/avatar", "Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build()).statusCode()).isEqualTo(200);
        waitFor("the VRM's expressions", () -> tiles(robot, ".avatar-thumb.expression-name .avatar-label")
                .equals(List.of("happy", "sad", "blink")));
        assertThat(label(robot, "#avatar-kind")).isEqualTo("a VRM model (3 expressions)");
        assertThat(fx(() -> robot.lookup("#avatar-map-joy").queryComboBox().getValue())).isEqualTo("happy");
    }

    @Test
    void studiosWithoutConfigurationSayHowToTurnThemOnAndTheVoiceSettingFollowsTheBackend(FxRobot robot) throws Exception {
        waitFor("the connection", () -> fx(() -> model.connection().stateProperty().get()) == ConnectionState.CONNECTED);
        robot.clickOn("On air");
        waitFor("VTube Studio's state", () -> label(robot, "#vts-state").startsWith("Not configured — set VTS_URL"));
        assertThat(label(robot, "#obs-state")).startsWith("Not configured — set OBS_URL");
        assertThat(fx(() -> robot.lookup("#vts-connect").queryButton().isDisabled())).isTrue();
        assertThat(fx(() -> robot.lookup("#obs-connect").queryButton().isDisabled())).isTrue();

        boolean playback = get("/api/config").get("entries").findValuesAsText("key").contains("VOICE_PLAYBACK");
        RadioButton overlay = robot.lookup("#playback-overlay").query();
        if (playback) {
            waitFor("the setting", () -> !fx(overlay::isDisabled));
            reveal(robot, overlay);
            robot.clickOn(overlay);
            waitFor("VOICE_PLAYBACK=overlay", () -> entry("VOICE_PLAYBACK").equals("overlay"));
        } else {
            // a backend before the speaking path (CONTRACTS §1): the choice is shown, off, with why
            assertThat(fx(overlay::isDisabled)).isTrue();
            assertThat(fx(() -> robot.lookup("#playback-unavailable").query().isVisible())).isTrue();
        }
    }

    // --- helpers

    /** Scrolls the tab so that {@code node} is in view (the robot clicks only what is on screen). */
    private static void reveal(FxRobot robot, Node node) {
        fx(() -> {
            javafx.scene.control.ScrollPane pane = robot.lookup("#on-air").query();
            Node content = pane.getContent();
            double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
            double room = content.getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(room <= 0 ? 0 : Math.min(1, Math.max(0, (y - 40) / room)));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static JsonNode get(String path) throws Exception {
        return Json.newMapper().readTree(backend.get(path, "Authorization", "Bearer " + TOKEN).body());
    }

    private static String entry(String key) throws Exception {
        for (JsonNode e : get("/api/config").get("entries")) {
            if (e.get("key").asText().equals(key)) {
                return e.get("value").asText();
            }
        }
        return "";
    }

    private static String text(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).queryTextInputControl().getText());
    }

    private static String label(FxRobot robot, String query) {
        return fx(() -> ((Label) robot.lookup(query).query()).getText());
    }

    private static List<String> tiles(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).queryAll().stream()
                .map((Node n) -> n instanceof Label l ? l.getText() : n.getStyleClass().toString()).toList());
    }

    private static <T> T fx(Callable<T> call) {
        return CommandCenterUiTest.fx(call);
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }
}
