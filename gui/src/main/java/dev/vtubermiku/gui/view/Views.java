package dev.vtubermiku.gui.view;

import dev.vtubermiku.protocol.CharacterInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

/** Small pieces every view uses. */
final class Views {

    private Views() {}

    static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    static Label hint(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("hint");
        label.setWrapText(true);
        return label;
    }

    static Region grow() {
        Region spacer = new Region();
        javafx.scene.layout.HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
        return spacer;
    }

    /** A drop-down of characters, each shown by its name. */
    static ComboBox<CharacterInfo> characterPicker(ObservableList<CharacterInfo> characters) {
        ComboBox<CharacterInfo> picker = new ComboBox<>(characters);
        picker.setConverter(new StringConverter<>() {
            @Override
            public String toString(@Nullable CharacterInfo c) {
                return c == null ? "" : c.name();
            }

            @Override
            public @Nullable CharacterInfo fromString(String s) {
                return null;
            }
        });
        return picker;
    }

    /** "Pause", and while paused "Resume (N waiting)": holds a live list still while its items keep queueing. */
    static ToggleButton pauseButton(BooleanProperty paused, ReadOnlyLongProperty waiting) {
        ToggleButton pause = new ToggleButton("Pause");
        pause.selectedProperty().bindBidirectional(paused);
        pause.textProperty().bind(Bindings.when(paused)
                .then(Bindings.concat("Resume (", waiting.asString(), " waiting)")).otherwise("Pause"));
        return pause;
    }

    /** A colour dot whose style class follows {@code state} (ok, degraded, unavailable, …). */
    static void dot(Region dot, String state) {
        dot.getStyleClass().removeIf(c -> !c.equals("dot"));
        dot.getStyleClass().add(state.toLowerCase(Locale.ROOT));
    }

    /**
     * Lets files matching {@code accept} be dropped on {@code target}; they are read off the FX
     * thread and handed to {@code onFile} (name, bytes) on it.
     */
    static void acceptFiles(Node target, Predicate<Path> accept, java.util.function.Consumer<List<Path>> onFiles) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().stream().map(java.io.File::toPath).anyMatch(accept)) {
                e.acceptTransferModes(TransferMode.COPY);
                if (!target.getStyleClass().contains("drop-target")) {
                    target.getStyleClass().add("drop-target");
                }
            }
            e.consume();
        });
        target.setOnDragExited(e -> target.getStyleClass().remove("drop-target"));
        target.setOnDragDropped((DragEvent e) -> {
            List<Path> files = e.getDragboard().hasFiles()
                    ? e.getDragboard().getFiles().stream().map(java.io.File::toPath).filter(accept).toList() : List.of();
            e.setDropCompleted(!files.isEmpty());
            target.getStyleClass().remove("drop-target");
            e.consume();
            if (!files.isEmpty()) {
                onFiles.accept(files);
            }
        });
    }

    /** Reads a file off the FX thread, then calls {@code then} on it with its name and bytes. */
    static void read(Path file, BiConsumer<String, byte[]> then, java.util.function.Consumer<String> failed) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((bytes, error) -> Platform.runLater(() -> {
            if (error != null) {
                failed.accept("Cannot read " + file.getFileName() + ": " + error.getCause().getMessage());
            } else {
                then.accept(file.getFileName().toString(), bytes);
            }
        }));
    }
}
