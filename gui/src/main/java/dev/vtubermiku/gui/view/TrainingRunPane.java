package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.TrainingViewModel;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Training tab's run panel. */
final class TrainingRunPane {

    private TrainingRunPane() {}

    /** The run: its state and progress, the live loss chart, its checkpoints (one becomes the voice), and the trainer's log. */
    static VBox of(TrainingViewModel vm) {
        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.runProgressProperty());
        Label detail = new Label();
        detail.setId("run-detail");
        detail.textProperty().bind(Bindings.concat(vm.runStatusProperty(), "  ", vm.runDetailProperty()));
        detail.setWrapText(true);
        detail.setMaxWidth(Double.MAX_VALUE);
        detail.setMinHeight(Region.USE_PREF_SIZE);
        NumberAxis x = new NumberAxis();
        x.setLabel("step");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("loss");
        y.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("loss-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setPrefHeight(180);
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        chart.getData().add(series);
        vm.loss().addListener((ListChangeListener<TrainingViewModel.LossPoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && !c.wasAdded()) {
                    series.getData().remove(0, Math.min(series.getData().size(), c.getRemovedSize()));
                }
                for (TrainingViewModel.LossPoint p : c.getAddedSubList()) {
                    series.getData().add(new XYChart.Data<>(p.step(), p.loss()));
                }
            }
            if (vm.loss().isEmpty()) {
                series.getData().clear();
            }
        });
        ListView<TrainingViewModel.Checkpoint> checkpoints = new ListView<>(vm.checkpoints());
        checkpoints.setPrefHeight(90);
        checkpoints.setPlaceholder(Views.hint("No checkpoints yet"));
        checkpoints.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(TrainingViewModel.Checkpoint c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.name() + " · step " + c.step()
                        + (Double.isNaN(c.loss()) ? "" : String.format(Locale.ROOT, " · loss %.4f", c.loss()))
                        + (c.exists() ? "" : " · replaced by the trainer"));
            }
        });
        ListView<String> log = new ListView<>(vm.logTail());
        log.getStyleClass().add("log-list");
        log.setPrefHeight(120);
        log.setPlaceholder(Views.hint("The run's log appears here"));
        vm.logTail().addListener((ListChangeListener<String>) c -> {
            if (!vm.logTail().isEmpty()) {
                log.scrollTo(vm.logTail().size() - 1);
            }
        });
        checkpoints.setId("checkpoint-list");
        vm.checkpoints().addListener((ListChangeListener<TrainingViewModel.Checkpoint>) c -> {
            if (!vm.checkpoints().isEmpty()) {
                checkpoints.scrollTo(vm.checkpoints().size() - 1); // the newest is the one worth looking at
            }
        });
        Button export = new Button("Use as voice");
        export.setId("export-checkpoint");
        export.setTooltip(new javafx.scene.control.Tooltip("Export this checkpoint as the run's voice and give it to the character"));
        export.disableProperty().bind(vm.runningProperty().or(Bindings.createBooleanBinding(() -> {
            TrainingViewModel.Checkpoint c = checkpoints.getSelectionModel().getSelectedItem();
            return c == null || !c.exists();
        }, checkpoints.getSelectionModel().selectedItemProperty())));
        export.setOnAction(e -> {
            TrainingViewModel.Checkpoint c = checkpoints.getSelectionModel().getSelectedItem();
            if (c != null) {
                vm.exportCheckpoint(c);
            }
        });
        Label checkpointsTitle = Views.title("Checkpoints");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox checkpointsBar = new HBox(6, checkpointsTitle, gap, export);
        checkpointsBar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, Views.title("Run"), progress, detail, chart, checkpointsBar, checkpoints,
                Views.title("Log"), log);
        box.getStyleClass().add("card");
        return box;
    }
}
