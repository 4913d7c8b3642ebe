package dev.vtubermiku.gui;

import dev.vtubermiku.gui.audio.JavaSound;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.view.CommandCenterWindow;
import dev.vtubermiku.gui.vm.ChatLine;
import dev.vtubermiku.gui.vm.ClipRow;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.gui.vm.TrainingViewModel;
import dev.vtubermiku.server.TestBackend;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.slf4j.LoggerFactory;

/**
 * Takes the README's screenshots (docs/screenshots/*.png) of the real window on a real backend.
 * Run by hand under a display (Xvfb is enough); see docs/screenshots/README.md.
 */
public final class ScreenshotTour {

    private ScreenshotTour() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("vtuber-tour").toAbsolutePath(); // the trainer runs from another directory
        int port = Backends.freePort();
        // The fake piper1-gpl trainer of the server tests, so the Training tab shows a finished run.
        Path python = Backends.fakeTrainer(dir, "FAKE_EPOCH_SECONDS=0.4\n");
        Files.createDirectories(dir.resolve("models/checkpoints"));
        Files.writeString(dir.resolve("models/checkpoints/base-epoch=9-step=90.ckpt"), "{\"epoch\": 9, \"step\": 90}");
        try (TestBackend backend = Backends.start(dir, port,
                java.util.Map.of("PIPER_TRAIN_PYTHON", python.toString(), "VOICE_MIN_TRAIN_SECONDS", "3"))) {
            backend.post("/api/chat", "{\"message\":\"Hi Miku! Ready for tonight's stream?\"}");
            backend.post("/api/chat", "{\"message\":\"What should we play first?\"}");
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
            await(() -> fx(() -> model.chat().lines().size() >= 4));
            fx(() -> {
                model.chat().inputProperty().set("Say hi to chat for me!");
                model.chat().send();
                return null;
            });
            await(() -> fx(() -> model.chat().lines().stream()
                    .anyMatch(l -> l.role() == ChatLine.Role.CHARACTER && l.textProperty().get().contains("Say hi to chat")
                            && !l.streamingProperty().get())));
            Thread.sleep(500);
            shoot(window, "tab-chat", out.resolve("chat.png"));
            train(model, dir);
            shoot(window, "tab-training", out.resolve("training.png"));
            var log = LoggerFactory.getLogger("dev.vtubermiku.server.speech.SpokenReplies");
            log.info("Spoke reply of Miku in 412 ms (2.1 s of audio)");
            LoggerFactory.getLogger("dev.vtubermiku.server.llm.LlmRouter").warn("OpenRouter answered 429 (rate limited); retrying in 0.5 s");
            LoggerFactory.getLogger("dev.vtubermiku.server.web.EventSocket").error("Event stream to 3f2a9c ended: client went away");
            fx(() -> {
                model.logs().levelProperty().set("DEBUG");
                return null;
            });
            Thread.sleep(600);
            shoot(window, "tab-logs", out.resolve("logs.png"));
            // The Events tab with her last reply selected: its payload below, and the list narrowed to its turn.
            fx(() -> {
                model.events().typesProperty().set("chat.*, character.*, speech.*");
                return null;
            });
            Thread.sleep(300);
            fx(() -> {
                var reply = model.events().visible().stream().filter(e -> e.type().equals("chat.response")).reduce((a, b) -> b);
                reply.ifPresent(e -> {
                    model.events().selectedProperty().set(e);
                    model.events().focusOnSelected();
                });
                return null;
            });
            shoot(window, "tab-events", out.resolve("events.png"));
            await(() -> fx(() -> model.status().samples().size() >= 4));
            shoot(window, "tab-status", out.resolve("status.png"));
            fx(() -> {
                window.stop();
                return null;
            });
            model.close();
        }
        Platform.exit();
        System.exit(0);
    }

    /** jfk.wav uploaded and processed, clips transcribed by hand, and a short run trained and exported. */
    private static void train(CommandCenterModel model, Path dir) throws Exception {
        TrainingViewModel training = model.training();
        Path take = Files.copy(dev.vtubermiku.server.Fixtures.file("audio/jfk.wav"), dir.resolve("jfk-take1.wav"));
        fx(() -> {
            training.speakerProperty().set("miku");
            return training.upload(java.util.List.of(take));
        }).get(60, TimeUnit.SECONDS);
        await(() -> fx(() -> !training.uploadingProperty().get()));
        fx(training::process).get(60, TimeUnit.SECONDS);
        await(() -> fx(() -> !training.processingProperty().get()));
        // The test Whisper model writes no words: the transcripts a streamer would type in.
        String[] lines = {"And so my fellow Americans,", "ask not", "what your country can do for you,", "ask what you can do for your country."};
        java.util.List<ClipRow> clips = fx(() -> java.util.List.copyOf(training.clips()));
        for (int i = 0; i < clips.size(); i++) {
            ClipRow clip = clips.get(i);
            String text = lines[Math.min(i, lines.length - 1)];
            fx(() -> {
                clip.transcriptProperty().set(text);
                return training.saveTranscript(clip);
            }).get(20, TimeUnit.SECONDS);
        }
        fx(() -> {
            training.characterIdProperty().set(model.chat().picker().characters().getFirst().id());
            training.voiceNameProperty().set("miku_v1");
            training.baseCheckpointProperty().set("base-epoch=9-step=90.ckpt");
            training.epochsProperty().set(12);
            training.batchSizeProperty().set(2);
            return training.train();
        }).get(20, TimeUnit.SECONDS);
        await(() -> fx(() -> training.runStatusProperty().get().equals("ready")));
        await(() -> fx(() -> training.logTail().stream().anyMatch(l -> l.contains("completed"))));
    }

    static void shoot(CommandCenterWindow window, String tabId, Path file) throws Exception {
        fx(() -> {
            window.tabs().getSelectionModel().select(window.tabs().getTabs().stream()
                    .filter(t -> tabId.equals(t.getId())).findFirst().orElseThrow());
            return null;
        });
        Thread.sleep(1200); // let the tab lay out and render a few pulses
        write(fx(() -> window.scene().snapshot(null)), file);
    }

    /** A snapshot as a PNG file. */
    static void write(WritableImage image, Path file) throws Exception {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", file.toFile());
        System.out.println("wrote " + file);
    }

    static <T> T fx(Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(20, TimeUnit.SECONDS);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the tour timed out");
            }
            Thread.sleep(100);
        }
    }
}
