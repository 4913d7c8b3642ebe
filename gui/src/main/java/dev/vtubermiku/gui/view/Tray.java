package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.ConnectionViewModel;
import java.awt.AWTException;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;

/**
 * The system-tray icon (show / hide, connection status, quit) where the desktop has a tray. On a
 * desktop without one, or a headless JVM, there is simply no icon: {@link #install} returns null.
 */
public final class Tray {

    private static final System.Logger log = System.getLogger(Tray.class.getName());

    private final TrayIcon icon;

    private Tray(TrayIcon icon) {
        this.icon = icon;
    }

    public static @Nullable Tray install(Stage stage, ConnectionViewModel connection, Runnable quit) {
        try {
            if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                return null;
            }
            PopupMenu menu = new PopupMenu();
            MenuItem status = new MenuItem("Connecting…");
            status.setEnabled(false);
            MenuItem toggle = new MenuItem("Show / hide window");
            toggle.addActionListener(e -> Platform.runLater(() -> {
                if (stage.isShowing()) {
                    stage.hide();
                } else {
                    stage.show();
                    stage.toFront();
                }
            }));
            MenuItem exit = new MenuItem("Quit VtuberMiku");
            exit.addActionListener(e -> Platform.runLater(quit));
            menu.add(status);
            menu.addSeparator();
            menu.add(toggle);
            menu.add(exit);
            TrayIcon icon = new TrayIcon(image(), "VtuberMiku", menu);
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> Platform.runLater(() -> {
                stage.show();
                stage.toFront();
            }));
            SystemTray.getSystemTray().add(icon);
            connection.detailProperty().addListener((o, a, text) -> java.awt.EventQueue.invokeLater(() -> {
                status.setLabel(text.length() > 60 ? text.substring(0, 59) + "…" : text);
                icon.setToolTip("VtuberMiku — " + text);
            }));
            // With a tray, closing the window hides it; the tray's Quit ends the program.
            Platform.setImplicitExit(false);
            return new Tray(icon);
        } catch (AWTException | RuntimeException | LinkageError e) {
            log.log(System.Logger.Level.INFO, "No system tray: {0}", e.toString());
            return null;
        }
    }

    private static BufferedImage image() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new java.awt.Color(0xe0, 0x55, 0x9b));
        g.fillOval(1, 1, 14, 14);
        g.dispose();
        return image;
    }

    public void remove() {
        try {
            SystemTray.getSystemTray().remove(icon);
        } catch (RuntimeException e) {
            // already gone with the desktop session
        }
    }
}
