package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.LogsViewModel;
import dev.vtubermiku.protocol.LogEntry;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;

/** The Logs tab: the live backend log, filtered and searchable. */
final class LogsView extends BorderPane {

    private final Timeline pump;

    LogsView(LogsViewModel vm) {
        setId("logs-view");
        ComboBox<String> level = new ComboBox<>(FXCollections.observableArrayList(LogsViewModel.LEVELS));
        level.setId("log-level");
        level.valueProperty().bindBidirectional(vm.levelProperty());
        TextField search = new TextField();
        search.setId("log-search");
        search.setPromptText("Search…");
        search.setPrefWidth(260);
        search.textProperty().bindBidirectional(vm.searchProperty());
        ToggleButton pause = Views.pauseButton(vm.pausedProperty(), vm.waitingProperty());
        pause.setId("log-pause");
        CheckBox follow = new CheckBox("Auto-scroll");
        follow.selectedProperty().bindBidirectional(vm.autoScrollProperty());
        ListView<LogEntry> list = new ListView<>(vm.visible());
        list.setId("log-lines");
        list.getStyleClass().add("log-list");
        list.setPlaceholder(Views.hint("No log lines match."));
        list.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        list.setCellFactory(v -> new LineCell());
        Button copy = new Button("Copy");
        copy.setOnAction(e -> {
            var selected = list.getSelectionModel().getSelectedItems();
            ClipboardContent content = new ClipboardContent();
            content.putString(selected.isEmpty() ? vm.visibleText() : vm.text(java.util.List.copyOf(selected)));
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button save = new Button("Save…");
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("vtuber-log.txt");
            java.io.File file = chooser.showSaveDialog(getScene().getWindow());
            if (file != null) {
                vm.save(file.toPath());
            }
        });
        Button clear = new Button("Clear");
        clear.setOnAction(e -> vm.clear());
        Label counts = new Label();
        counts.setId("log-counts");
        counts.getStyleClass().add("hint");
        counts.textProperty().bind(Bindings.createStringBinding(() -> vm.visible().size() + " of " + vm.lines().size()
                + " lines (newest " + LogsViewModel.CAPACITY + " kept)", vm.visible(), vm.lines()));
        Label message = new Label();
        message.getStyleClass().add("warning");
        message.textProperty().bind(vm.messageProperty());
        HBox bar = new HBox(8, new Label("Level"), level, search, pause, follow, copy, save, clear, Views.grow(), message, counts);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 10, 8, 10));
        setTop(bar);
        setCenter(list);
        // Ten batches a second: smooth enough to read, and the FX thread does one list change per batch.
        pump = new Timeline(new KeyFrame(Duration.millis(100), e -> {
            if (vm.flush() > 0 && vm.autoScrollProperty().get() && !vm.visible().isEmpty()) {
                list.scrollTo(vm.visible().size() - 1);
            }
        }));
        pump.setCycleCount(Timeline.INDEFINITE);
        pump.play();
    }

    void stop() {
        pump.stop();
    }

    /**
     * Colours by pseudo-class: switching a pseudo-class is a cheap CSS state change, where swapping
     * style classes on every recycled cell made the FX thread redo its CSS for each new line.
     */
    private static final class LineCell extends ListCell<LogEntry> {
        private static final javafx.css.PseudoClass WARN = javafx.css.PseudoClass.getPseudoClass("warn");
        private static final javafx.css.PseudoClass ERROR = javafx.css.PseudoClass.getPseudoClass("error");
        private static final javafx.css.PseudoClass QUIET = javafx.css.PseudoClass.getPseudoClass("quiet");

        @Override
        protected void updateItem(LogEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            String level = empty || entry == null ? "" : entry.level();
            pseudoClassStateChanged(WARN, level.equals("WARN"));
            pseudoClassStateChanged(ERROR, level.equals("ERROR"));
            pseudoClassStateChanged(QUIET, level.equals("DEBUG") || level.equals("TRACE"));
            if (empty || entry == null) {
                setText(null);
                return;
            }
            setText(LogsViewModel.format(entry) + (entry.error() != null ? "  ⟂ " + entry.error().lines().findFirst().orElse("") : ""));
        }
    }
}
