package dev.vtubermiku.gui;

import static dev.vtubermiku.gui.ScreenshotTour.await;
import static dev.vtubermiku.gui.ScreenshotTour.fx;

import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.gui.audio.JavaSound;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.view.CommandCenterWindow;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Takes docs/screenshots/stream.png: the Stream tab on a real backend whose audience sink is fed as a
 * chat connector would feed it (Twitch and YouTube lines, some filtered), with one answer given.
 * Run by hand under a display (xvfb-run); see docs/screenshots/README.md.
 */
public final class StreamScreenshot {

    private StreamScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("vtuber-stream-shot").toAbsolutePath();
        int port = Backends.freePort();
        try (TestBackend backend = Backends.start(dir, port, Map.of("AUDIENCE_COOLDOWN_SECONDS", "0",
                "AUDIENCE_BLOCKLIST", "scam"))) {
            Platform.startup(() -> { });
            CommandCenterModel model = fx(() -> new CommandCenterModel(new BackendClient(Backends.base(port), null),
                    Platform::runLater, new JavaSound()));
            CommandCenterWindow window = fx(() -> {
                CommandCenterWindow w = new CommandCenterWindow(model);
                Stage stage = new Stage();
                w.show(stage);
                stage.setWidth(1280);
                stage.setHeight(800);
                return w;
            });
            model.start();
            await(() -> fx(() -> model.connection().stateProperty().get() == ConnectionState.CONNECTED));
            var sink = backend.app().audience();
            sink.accept(msg("twitch", "KiraKira", "Miku what was the first song you ever sang?", Set.of(), 0, false));
            await(() -> backend.app().bus().journal().readAfter(0, dev.vtubermiku.core.event.TopicFilter.parse("audience.replied"), 10)
                    .size() >= 1);
            fx(() -> {
                model.audience().hold(true);
                return null;
            });
            await(() -> fx(() -> model.audience().holdProperty().get()));
            sink.accept(msg("youtube", "Ren", "Hello from Osaka! How is everyone?", Set.of(ViewerMessage.Badge.SUBSCRIBER), 0, false));
            sink.accept(msg("twitch", "pixelcat", "!discord", Set.of(), 0, false));
            sink.accept(msg("twitch", "Nightbot", "Follow the channel for more streams!", Set.of(), 0, false));
            sink.accept(msg("twitch", "bitsbro", "cheer200 Miku sing the encore please", Set.of(), 200, false));
            sink.accept(msg("youtube", "newhere", "first time here, this is so cool", Set.of(), 0, true));
            sink.accept(msg("twitch", "spammy", "cheap followers at scam-site.gg", Set.of(), 0, false));
            sink.accept(msg("twitch", "lurker42", "lol", Set.of(), 0, false));
            sink.accept(msg("twitch", "m\u0336\u0317a\u0336\u0317x", "z\u0336\u0317\u0353a\u0336\u0317\u0353l\u0336\u0317g\u0336o what game is next?", Set.of(), 0, false));
            await(() -> fx(() -> model.audience().queue().size() >= 5));
            Thread.sleep(800);
            ScreenshotTour.shoot(window, "tab-stream", out.resolve("stream.png"));
            fx(() -> {
                window.stop();
                return null;
            });
            model.close();
        }
        Platform.exit();
        System.exit(0);
    }

    private static ViewerMessage msg(String platform, String user, String text, Set<ViewerMessage.Badge> badges, int bits,
            boolean first) {
        return new ViewerMessage(platform, user + text.hashCode(), "id-" + user, user, badges, bits, first, text, Instant.now());
    }
}
