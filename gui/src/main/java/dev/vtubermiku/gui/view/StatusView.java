package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.ConfigRow;
import dev.vtubermiku.gui.vm.LatencyViewModel;
import dev.vtubermiku.gui.vm.TurnLatency;
import dev.vtubermiku.protocol.LatencyReport;
import dev.vtubermiku.gui.vm.MetricSample;
import dev.vtubermiku.gui.vm.CatalogRow;
import dev.vtubermiku.gui.vm.ServiceRow;
import dev.vtubermiku.gui.vm.StatusViewModel;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Status tab: service indicators, host charts, configuration and models. */
final class StatusView extends ScrollPane {

    StatusView(StatusViewModel vm, LatencyViewModel latency) {
        setId("status-view");
        setFitToWidth(true);
        Label summary = new Label();
        summary.setId("status-summary");
        summary.getStyleClass().add("section-title");
        summary.textProperty().bind(vm.summaryProperty());

        // A grid of three equal columns: every card gets a known width, so wrapped detail and fix
        // lines get the height they need (a FlowPane guessed heights before widths and overlapped).
        javafx.scene.layout.GridPane services = new javafx.scene.layout.GridPane(10, 10);
        services.setId("services");
        for (int i = 0; i < 3; i++) {
            javafx.scene.layout.ColumnConstraints column = new javafx.scene.layout.ColumnConstraints();
            column.setPercentWidth(100.0 / 3);
            column.setFillWidth(true);
            services.getColumnConstraints().add(column);
        }
        Runnable layout = () -> {
            services.getChildren().clear();
            for (int i = 0; i < vm.services().size(); i++) {
                Region card = card(vm.services().get(i));
                card.setMaxWidth(Double.MAX_VALUE);
                services.add(card, i % 3, i / 3);
            }
        };
        layout.run();
        vm.services().addListener((ListChangeListener<ServiceRow>) c -> layout.run());

        LineChart<Number, Number> chart = chart(vm);
        Label host = new Label();
        host.getStyleClass().add("hint");
        host.textProperty().bind(vm.hostProperty());

        VBox content = new VBox(12, summary, services, Views.title("Host (last 5 minutes, %)"), chart, host,
                Views.title("Voice latency (ms from the end of your speech)"), latencyPanel(latency), Views.title("Configuration"), configTable(vm), configBar(vm), Views.title("Models"), modelTable(vm),
                message(vm.modelMessageProperty()));
        content.setPadding(new Insets(12));
        setContent(content);
    }


    /** The last voice turns' stage times and p50 / p95 per stage over the backend's window. */
    private static Region latencyPanel(LatencyViewModel vm) {
        TableView<TurnLatency> turns = new TableView<>(vm.turns());
        turns.setId("latency-turns");
        turns.setPlaceholder(new Label("No voice turns yet: press Talk in the Chat tab"));
        turns.setPrefHeight(170);
        turns.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        turns.getColumns().add(turnColumn("Transcript", TurnLatency::transcriptMs));
        turns.getColumns().add(turnColumn("First token", TurnLatency::firstTokenMs));
        turns.getColumns().add(turnColumn("First chunk", TurnLatency::firstChunkMs));
        turns.getColumns().add(turnColumn("First audio", TurnLatency::firstAudioMs));
        turns.getColumns().add(turnColumn("Our overhead", TurnLatency::overheadMs));
        TableColumn<TurnLatency, String> cut = new TableColumn<>("Interrupted");
        cut.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().interrupted() ? "yes" : ""));
        turns.getColumns().add(cut);

        TableView<LatencyReport.Stage> stages = new TableView<>(vm.stages());
        stages.setId("latency-stages");
        stages.setPlaceholder(new Label("No voice turns yet"));
        stages.setPrefHeight(170);
        stages.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<LatencyReport.Stage, String> name = new TableColumn<>("Stage");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        stages.getColumns().add(name);
        stages.getColumns().add(stageColumn("Turns", s -> String.valueOf(s.count())));
        stages.getColumns().add(stageColumn("p50", s -> TurnLatency.format(s.p50Ms())));
        stages.getColumns().add(stageColumn("p95", s -> TurnLatency.format(s.p95Ms())));
        stages.getColumns().add(stageColumn("Max", s -> TurnLatency.format(s.maxMs())));
        HBox.setHgrow(turns, Priority.ALWAYS);
        HBox.setHgrow(stages, Priority.ALWAYS);
        Label summary = new Label();
        summary.setId("latency-summary");
        summary.getStyleClass().add("hint");
        summary.textProperty().bind(vm.summaryProperty());
        VBox last = new VBox(4, new Label("Last turns (newest first)"), turns);
        VBox all = new VBox(4, new Label("Per stage (GET /api/metrics/latency)"), stages);
        HBox.setHgrow(last, Priority.ALWAYS);
        HBox.setHgrow(all, Priority.ALWAYS);
        last.setPrefWidth(520);
        all.setPrefWidth(420);
        return new VBox(4, new HBox(12, last, all), summary);
    }

    private static TableColumn<TurnLatency, String> turnColumn(String title, java.util.function.ToDoubleFunction<TurnLatency> ms) {
        TableColumn<TurnLatency, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(TurnLatency.format(ms.applyAsDouble(c.getValue()))));
        return column;
    }

    private static TableColumn<LatencyReport.Stage, String> stageColumn(String title,
            java.util.function.Function<LatencyReport.Stage, String> text) {
        TableColumn<LatencyReport.Stage, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(text.apply(c.getValue())));
        return column;
    }
    private static Region card(ServiceRow row) {
        Region dot = new Region();
        dot.getStyleClass().add("dot");
        Views.dot(dot, row.stateProperty().get());
        row.stateProperty().addListener((o, a, b) -> Views.dot(dot, b));
        Label name = new Label(row.name());
        name.getStyleClass().add("section-title");
        Label state = new Label();
        state.textProperty().bind(row.stateProperty());
        state.getStyleClass().add("hint");
        Label detail = new Label();
        detail.setWrapText(true);
        detail.setMinHeight(Region.USE_PREF_SIZE);
        detail.textProperty().bind(row.detailProperty());
        Label fix = new Label();
        fix.setWrapText(true);
        fix.setMinHeight(Region.USE_PREF_SIZE);
        fix.getStyleClass().add("warning");
        fix.textProperty().bind(Bindings.when(row.fixProperty().isEmpty()).then("").otherwise(Bindings.concat("Fix: ", row.fixProperty())));
        fix.managedProperty().bind(row.fixProperty().isNotEmpty());
        HBox head = new HBox(8, dot, name, state);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(4, head, detail, fix);
        card.setId("service-" + row.name());
        card.getStyleClass().add("card");
        card.setMinHeight(Region.USE_PREF_SIZE);
        return card;
    }

    private static LineChart<Number, Number> chart(StatusViewModel vm) {
        NumberAxis x = new NumberAxis(-StatusViewModel.WINDOW.toSeconds(), 0, 60);
        x.setLabel("seconds ago");
        NumberAxis y = new NumberAxis(0, 100, 25);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("metrics-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setPrefHeight(220);
        XYChart.Series<Number, Number> cpu = new XYChart.Series<>();
        cpu.setName("CPU");
        XYChart.Series<Number, Number> memory = new XYChart.Series<>();
        memory.setName("Memory");
        XYChart.Series<Number, Number> disk = new XYChart.Series<>();
        disk.setName("Disk");
        chart.getData().addAll(java.util.List.of(cpu, memory, disk));
        Runnable redraw = () -> {
            if (vm.samples().isEmpty()) {
                return;
            }
            Instant newest = vm.samples().getLast().time();
            var c = new java.util.ArrayList<XYChart.Data<Number, Number>>();
            var m = new java.util.ArrayList<XYChart.Data<Number, Number>>();
            var d = new java.util.ArrayList<XYChart.Data<Number, Number>>();
            for (MetricSample s : vm.samples()) {
                double ago = -java.time.Duration.between(s.time(), newest).toMillis() / 1000.0;
                c.add(new XYChart.Data<>(ago, s.cpu() * 100));
                m.add(new XYChart.Data<>(ago, s.memory() * 100));
                d.add(new XYChart.Data<>(ago, s.disk() * 100));
            }
            cpu.getData().setAll(c);
            memory.getData().setAll(m);
            disk.getData().setAll(d);
        };
        vm.samples().addListener((ListChangeListener<MetricSample>) change -> redraw.run());
        return chart;
    }

    private static TableView<ConfigRow> configTable(StatusViewModel vm) {
        TableView<ConfigRow> table = new TableView<>(vm.config());
        table.setId("config-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setEditable(true);
        table.setPrefHeight(260);
        table.setPlaceholder(Views.hint("Configuration not loaded yet"));
        TableColumn<ConfigRow, String> key = new TableColumn<>("Key");
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().key()));
        key.setPrefWidth(190);
        TableColumn<ConfigRow, String> value = new TableColumn<>("Value (double-click a runtime key to edit)");
        value.setCellValueFactory(c -> c.getValue().valueProperty());
        value.setCellFactory(c -> new TextFieldTableCell<>(new javafx.util.converter.DefaultStringConverter()) {
            @Override
            public void startEdit() {
                ConfigRow row = getTableRow() == null ? null : getTableRow().getItem();
                if (row != null && row.runtime() && !row.secret()) {
                    super.startEdit();
                }
            }

            @Override
            public void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                ConfigRow row = getTableRow() == null ? null : getTableRow().getItem();
                setStyle(row != null && row.runtime() ? "-fx-font-weight: bold;" : "");
            }
        });
        value.setPrefWidth(330);
        TableColumn<ConfigRow, String> source = new TableColumn<>("From");
        source.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().source() + (c.getValue().runtime() ? " · runtime" : "")));
        source.setPrefWidth(130);
        TableColumn<ConfigRow, String> about = new TableColumn<>("Meaning");
        about.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().description()));
        about.setPrefWidth(420);
        table.getColumns().addAll(java.util.List.of(key, value, source, about));
        return table;
    }

    private static HBox configBar(StatusViewModel vm) {
        Button save = new Button("Save changes");
        save.setId("config-save");
        save.setOnAction(e -> vm.saveConfig());
        Button reload = new Button("Reload");
        reload.setOnAction(e -> vm.loadConfig());
        HBox bar = new HBox(8, save, reload, Views.hint("Secrets are shown masked and are not edited here."),
                message(vm.configMessageProperty()));
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static TableView<CatalogRow> modelTable(StatusViewModel vm) {
        TableView<CatalogRow> table = new TableView<>(vm.models());
        table.setId("model-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(240);
        table.setPlaceholder(Views.hint("Model list not loaded yet"));
        TableColumn<CatalogRow, String> name = new TableColumn<>("Model");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name() + (c.getValue().isDefault() ? " ★" : "")));
        name.setPrefWidth(230);
        TableColumn<CatalogRow, String> kind = new TableColumn<>("Kind");
        kind.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().kind()));
        TableColumn<CatalogRow, String> size = new TableColumn<>("Size");
        size.setCellValueFactory(c -> new ReadOnlyStringWrapper(StatusViewModel.bytes(c.getValue().sizeBytes())));
        TableColumn<CatalogRow, String> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> c.getValue().stateProperty());
        TableColumn<CatalogRow, CatalogRow> action = new TableColumn<>("");
        action.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        action.setPrefWidth(200);
        action.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(CatalogRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                Button pull = new Button("Pull");
                pull.setOnAction(e -> vm.pull(row.name()));
                pull.disableProperty().bind(row.stateProperty().isEqualTo("verified").or(row.stateProperty().isEqualTo("pulling")));
                ProgressBar bar = new ProgressBar();
                bar.progressProperty().bind(row.progressProperty());
                bar.visibleProperty().bind(row.stateProperty().isEqualTo("pulling"));
                HBox box = new HBox(6, pull, bar);
                HBox.setHgrow(bar, Priority.ALWAYS);
                setGraphic(box);
            }
        });
        TableColumn<CatalogRow, String> about = new TableColumn<>("About");
        about.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().description()));
        about.setPrefWidth(380);
        table.getColumns().addAll(java.util.List.of(name, kind, size, state, action, about));
        return table;
    }

    private static Label message(javafx.beans.value.ObservableStringValue text) {
        Label label = new Label();
        label.getStyleClass().add("warning");
        label.setWrapText(true);
        label.textProperty().bind(text);
        return label;
    }
}
