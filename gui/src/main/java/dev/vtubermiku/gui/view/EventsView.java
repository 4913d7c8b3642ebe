package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.EventsViewModel;
import dev.vtubermiku.protocol.EventEnvelope;
import java.util.function.LongConsumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

/**
 * The Events tab: every event, filtered by type pattern, severity and text; the selected one's
 * payload below; "Show its turn / run" narrows the list to the events of the same voice turn or
 * training run (a run also opens in the Training tab).
 */
final class EventsView extends BorderPane {

    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warn");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass QUIET = PseudoClass.getPseudoClass("quiet");
    private final Timeline pump;

    /** @param openRun shows a training run in the Training tab */
    EventsView(EventsViewModel vm, LongConsumer openRun) {
        setId("events-view");
        TextField types = new TextField();
        types.setId("event-types");
        types.setPromptText("Types, e.g. chat.*, training.*");
        types.setPrefWidth(200);
        types.textProperty().bindBidirectional(vm.typesProperty());
        ComboBox<String> severity = new ComboBox<>(FXCollections.observableArrayList(EventsViewModel.SEVERITIES));
        severity.setId("event-severity");
        severity.valueProperty().bindBidirectional(vm.severityProperty());
        TextField search = new TextField();
        search.setId("event-search");
        search.setPromptText("Search message and payload…");
        search.setPrefWidth(200);
        search.textProperty().bindBidirectional(vm.searchProperty());
        ToggleButton pause = Views.pauseButton(vm.pausedProperty(), vm.waitingProperty());
        pause.setId("event-pause");
        Button related = new Button("Show its turn / run");
        related.setId("event-focus");
        related.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.selectedProperty().get() == null || EventsViewModel.focusOf(vm.selectedProperty().get()) == null,
                vm.selectedProperty()));
        related.setOnAction(e -> jump(vm, openRun));
        Button all = new Button("All events");
        all.setId("event-unfocus");
        all.visibleProperty().bind(vm.focusProperty().isNotNull());
        all.managedProperty().bind(all.visibleProperty());
        all.setOnAction(e -> vm.clearFocus());
        Label focus = new Label();
        focus.setId("event-focus-label");
        focus.getStyleClass().add("hint");
        focus.textProperty().bind(Bindings.createStringBinding(
                () -> vm.focusProperty().get() == null ? "" : "Only " + vm.focusProperty().get().describe(), vm.focusProperty()));
        Label counts = new Label();
        counts.setId("event-counts");
        counts.getStyleClass().add("hint");
        counts.textProperty().bind(Bindings.createStringBinding(() -> vm.visible().size() + " of " + vm.events().size()
                + " events (newest " + EventsViewModel.CAPACITY + " kept)", vm.visible(), vm.events()));
        Label message = new Label();
        message.getStyleClass().add("warning");
        message.textProperty().bind(vm.messageProperty());
        Label severityLabel = new Label("Severity");
        // The controls keep their size; the focus line, the message and the counts give way (elided) on a narrow window.
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {types, severityLabel, severity, search, pause, related, all}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        focus.setMinWidth(0);
        counts.setMinWidth(0);
        HBox bar = new HBox(8, types, severityLabel, severity, search, pause, related, all, focus, Views.grow(), message, counts);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 10, 8, 10));

        TableView<EventEnvelope> table = new TableView<>(vm.visible());
        table.setId("event-table");
        table.setPlaceholder(Views.hint("No events match."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Time", 100, EventsViewModel::time));
        table.getColumns().add(column("Severity", 70, EventEnvelope::severity));
        table.getColumns().add(column("Type", 150, EventEnvelope::type));
        table.getColumns().add(column("Message", 400, EventEnvelope::message));
        table.setRowFactory(t -> new SeverityRow());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, e) -> vm.selectedProperty().set(e));
        vm.selectedProperty().addListener((o, a, e) -> {
            if (e != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(e);
                if (e != null) {
                    table.scrollTo(e);
                }
            }
        });
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                jump(vm, openRun);
            }
        });
        TextArea detail = new TextArea();
        detail.setId("event-detail");
        detail.setEditable(false);
        detail.getStyleClass().add("mono");
        detail.setPromptText("Select an event to see its payload.");
        detail.textProperty().bind(vm.detailProperty());
        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        setTop(bar);
        setCenter(split);
        pump = new Timeline(new KeyFrame(Duration.millis(100), e -> {
            if (vm.flush() > 0 && table.getSelectionModel().isEmpty() && !vm.visible().isEmpty()) {
                table.scrollTo(vm.visible().size() - 1);
            }
        }));
        pump.setCycleCount(Timeline.INDEFINITE);
        pump.play();
    }

    private static void jump(EventsViewModel vm, LongConsumer openRun) {
        if (vm.focusOnSelected() && vm.focusProperty().get() instanceof EventsViewModel.Focus f
                && f.key().equals("run_id") && f.value() instanceof Number run) {
            openRun.accept(run.longValue());
        }
    }

    void stop() {
        pump.stop();
    }

    private static TableColumn<EventEnvelope, String> column(String name, double width,
            java.util.function.Function<EventEnvelope, String> value) {
        TableColumn<EventEnvelope, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    /** Warnings and errors stand out; debug lines step back (pseudo-classes: a cheap CSS state change). */
    private static final class SeverityRow extends TableRow<EventEnvelope> {
        @Override
        protected void updateItem(EventEnvelope e, boolean empty) {
            super.updateItem(e, empty);
            String s = empty || e == null ? "" : e.severity();
            pseudoClassStateChanged(WARNING, s.equals("warning"));
            pseudoClassStateChanged(ERROR, s.equals("error"));
            pseudoClassStateChanged(QUIET, s.equals("debug"));
        }
    }
}
