package dev.vtubermiku.gui;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.view.CommandCenterWindow;
import dev.vtubermiku.gui.view.FirstRunGuide;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.gui.vm.FirstRunViewModel;
import dev.vtubermiku.gui.vm.FirstRunViewModel.Step;
import dev.vtubermiku.gui.vm.GuideMemory;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The first-run guide's screenshots (docs/screenshots/guide-*.png): the real guide on a real
 * backend, with a fake Ollama on loopback (two models) and a fake sound card (speakers and a USB
 * microphone at a steady level), so each step shows what a streamer with those would see.
 * Runs on JavaFX's headless platform (no display needed); see docs/screenshots/README.md.
 */
public final class GuideScreenshots {

    private GuideScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("vtuber-guide").toAbsolutePath();
        int port = Backends.freePort();
        try (FakeHttp ollama = new FakeHttp();
                TestBackend backend = Backends.start(dir, port, Map.of("LLM_LOCAL_URL", ollama.base() + "/v1"))) {
            ollama.answer("GET", "/v1/models", 200, "{\"data\":[{\"id\":\"qwen2.5:7b\"},{\"id\":\"llama3.2:3b\"}]}");
            Platform.startup(() -> { });
            FakeSound sound = new FakeSound(List.of("Speakers"), List.of("USB microphone"), new byte[44]);
            CommandCenterModel model = fx(() -> new CommandCenterModel(new BackendClient(Backends.base(port), null),
                    Platform::runLater, sound, GuideMemory.inMemory()));
            CommandCenterWindow window = fx(() -> {
                CommandCenterWindow w = new CommandCenterWindow(model);
                Stage stage = new Stage();
                w.show(stage);
                return w;
            });
            model.start();
            await(() -> fx(() -> model.connection().stateProperty().get() == ConnectionState.CONNECTED));
            FirstRunGuide guide = fx(window::openGuide);
            FirstRunViewModel vm = model.firstRun();
            await(() -> fx(() -> !vm.llm().localModels().isEmpty() && !vm.characters().isEmpty() && !vm.voice().voices().isEmpty()
                    && !vm.overlayNoteProperty().get().isEmpty()));
            shoot(guide, out.resolve("guide-1-llm.png"));
            shoot(guide, Step.VOICE, out.resolve("guide-2-voice.png"));
            fx(() -> {
                vm.stepProperty().set(Step.MICROPHONE);
                return null;
            }); // the meter first
            await(() -> fx(() -> vm.mic().levelProperty().get() > 0));
            shoot(guide, out.resolve("guide-3-microphone.png"));
            shoot(guide, Step.CHARACTER, out.resolve("guide-4-character.png"));
            shoot(guide, Step.OVERLAY, out.resolve("guide-5-overlay.png"));
            fx(() -> {
                window.stop();
                model.close();
                return null;
            });
        }
        Platform.exit();
        System.exit(0);
    }

    private static void shoot(FirstRunGuide guide, Step step, Path file) throws Exception {
        fx(() -> {
            guide.model().stepProperty().set(step);
            return null;
        });
        shoot(guide, file);
    }

    private static void shoot(FirstRunGuide guide, Path file) throws Exception {
        Thread.sleep(800); // a few pulses to lay out and render
        ScreenshotTour.write(fx(() -> guide.stage().getScene().snapshot(null)), file);
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        return ScreenshotTour.fx(call);
    }

    private static void await(ScreenshotTour.Check check) throws Exception {
        ScreenshotTour.await(check);
    }
}
