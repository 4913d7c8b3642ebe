package dev.vtubermiku.gui;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.view.CommandCenterWindow;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.gui.vm.GuideMemory;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.avatar.AvatarSamples;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * The On air tab's screenshot (docs/screenshots/on-air.png): the real tab on a real backend, Miku
 * with a sprite pack of six faces drawn here (neutral, joy, sadness, anger, surprise, amusement).
 * Runs on JavaFX's headless platform like {@link GuideScreenshots}; see docs/screenshots/README.md.
 */
public final class OnAirScreenshot {

    private OnAirScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("vtuber-onair").toAbsolutePath();
        int port = Backends.freePort();
        try (TestBackend backend = Backends.start(dir, port)) {
            Path zip = Files.write(dir.resolve("miku-sprites.zip"), AvatarSamples.zip(faces()));
            Platform.startup(() -> { });
            CommandCenterModel model = ScreenshotTour.fx(() -> new CommandCenterModel(new BackendClient(Backends.base(port), null),
                    Platform::runLater, FakeSound.none(), GuideMemory.inMemory()));
            CommandCenterWindow window = ScreenshotTour.fx(() -> {
                CommandCenterWindow w = new CommandCenterWindow(model);
                Stage stage = new Stage();
                w.show(stage);
                stage.setWidth(1280);
                stage.setHeight(1040);
                return w;
            });
            model.start();
            ScreenshotTour.await(() -> ScreenshotTour.fx(() -> model.connection().stateProperty().get() == ConnectionState.CONNECTED));
            ScreenshotTour.await(() -> ScreenshotTour.fx(() -> model.onAir().characterProperty().get() != null));
            ScreenshotTour.fx(() -> model.onAir().upload(zip)).get();
            ScreenshotTour.await(() -> ScreenshotTour.fx(() -> model.onAir().previews().size() == 6
                    && model.onAir().previews().stream().allMatch(p -> p.image() != null)));
            ScreenshotTour.fx(() -> {
                window.tabs().getSelectionModel().select(window.tabs().getTabs().size() - 1);
                return null;
            });
            Thread.sleep(1200);
            ScreenshotTour.write(ScreenshotTour.fx(() -> window.scene().snapshot(null)), out.resolve("on-air.png"));
            ScreenshotTour.fx(() -> {
                window.stop();
                model.close();
                return null;
            });
        }
        Platform.exit();
        System.exit(0);
    }

    /** Six simple faces, one per label. */
    static Map<String, byte[]> faces() throws Exception {
        Map<String, byte[]> faces = new LinkedHashMap<>();
        for (String label : List.of("neutral", "joy", "sadness", "anger", "surprise", "amusement")) {
            BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0x39c5bb)); // her hair
            g.fillOval(18, 10, 220, 236);
            g.setColor(new Color(0xffe0cc));
            g.fillOval(40, 40, 176, 190);
            g.setColor(new Color(0x2b2b3a));
            g.setStroke(new BasicStroke(7, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            boolean happy = label.equals("joy") || label.equals("amusement");
            if (happy) {
                g.draw(new Arc2D.Double(78, 108, 34, 26, 0, 180, Arc2D.OPEN));
                g.draw(new Arc2D.Double(144, 108, 34, 26, 0, 180, Arc2D.OPEN));
            } else {
                int eye = label.equals("surprise") ? 26 : 18;
                g.fillOval(95 - eye / 2, 118 - eye / 2, eye, eye);
                g.fillOval(161 - eye / 2, 118 - eye / 2, eye, eye);
            }
            if (label.equals("anger")) {
                g.drawLine(78, 92, 110, 104);
                g.drawLine(178, 92, 146, 104);
            }
            switch (label) {
                case "joy" -> g.draw(new Arc2D.Double(96, 140, 64, 48, 180, 180, Arc2D.OPEN));
                case "amusement" -> g.draw(new Arc2D.Double(108, 150, 56, 30, 200, 120, Arc2D.OPEN));
                case "sadness", "anger" -> g.draw(new Arc2D.Double(100, 168, 56, 36, 20, 140, Arc2D.OPEN));
                case "surprise" -> g.drawOval(114, 160, 28, 34);
                default -> g.drawLine(108, 178, 148, 178);
            }
            g.dispose();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            faces.put(label + ".png", png.toByteArray());
        }
        return faces;
    }
}
