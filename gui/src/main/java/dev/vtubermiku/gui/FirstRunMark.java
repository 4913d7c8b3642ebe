package dev.vtubermiku.gui;

import dev.vtubermiku.gui.vm.GuideMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The first-run guide's "seen" mark: an empty file in the user's settings folder
 * ({@code $XDG_CONFIG_HOME/vtubermiku}, else {@code ~/.config/vtubermiku}), so the guide opens by
 * itself once per user, whichever backend the window connects to.
 */
public record FirstRunMark(Path file) implements GuideMemory {

    public static FirstRunMark forUser(Map<String, String> environment) {
        String xdg = environment.getOrDefault("XDG_CONFIG_HOME", "");
        Path folder = xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".config") : Path.of(xdg);
        return new FirstRunMark(folder.resolve("vtubermiku").resolve("first-run-guide-seen"));
    }

    @Override
    public boolean seen() {
        return Files.exists(file);
    }

    /** Best effort: where the folder cannot be written, the guide simply opens again next time. */
    @Override
    public void remember() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            // nothing to tell the user: the worst case is the guide once more
        }
    }
}
