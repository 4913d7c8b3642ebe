package dev.vtubermiku.gui;

import dev.vtubermiku.gui.audio.JavaSound;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.view.CommandCenterWindow;
import dev.vtubermiku.gui.view.Tray;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;

/** The JavaFX application: one window on one backend. */
public final class CommandCenterApp extends Application {

    private @Nullable CommandCenterModel model;
    private @Nullable CommandCenterWindow window;
    private @Nullable Tray tray;
    private final JavaSound sound = new JavaSound();

    @Override
    public void start(Stage stage) {
        GuiSettings settings = GuiSettings.load(System.getenv(), Path.of(".env"));
        CommandCenterModel m = new CommandCenterModel(new BackendClient(settings.baseUri(), settings.token()), Platform::runLater, sound,
                FirstRunMark.forUser(System.getenv()));
        model = m;
        CommandCenterWindow w = new CommandCenterWindow(m);
        window = w;
        w.show(stage);
        tray = Tray.install(stage, m.connection(), Platform::exit);
        m.start();
        if (m.firstRun().firstRun()) {
            w.openGuide(); // once per user; Help opens it again
        }
    }

    @Override
    public void stop() {
        if (tray != null) {
            tray.remove();
        }
        if (window != null) {
            window.stop();
        }
        if (model != null) {
            model.close();
        }
        sound.close();
        // The tray's AWT thread would keep the JVM alive.
        Runtime.getRuntime().halt(0);
    }
}
