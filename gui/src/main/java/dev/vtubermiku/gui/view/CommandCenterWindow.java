package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;

/** The main window: its tabs and a status bar that always says whether the backend is there. */
public final class CommandCenterWindow {

    private final CommandCenterModel model;
    private final TabPane tabs = new TabPane();
    private final LogsView logs;
    private final StreamView stream;
    private final EventsView events;
    private final Scene scene;
    private @Nullable FirstRunGuide guide;

    public CommandCenterWindow(CommandCenterModel model) {
        this.model = model;
        this.logs = new LogsView(model.logs());
        this.stream = new StreamView(model.audience(), model.status());
        this.events = new EventsView(model.events(), this::openRun);
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(
                tab("Chat", new ChatView(model.chat(), model.voice())),
                tab("Training", new TrainingView(model.training(), model.chat())),
                tab("Stream", stream),
                tab("Logs", logs),
                tab("Events", events),
                tab("Status", new StatusView(model.status(), model.latency())),
                tab("On air", new OnAirView(model.onAir())));
        BorderPane root = new BorderPane(tabs);
        root.setTop(menu());
        root.setBottom(statusBar());
        scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(stylesheet());
    }

    static String stylesheet() {
        return CommandCenterWindow.class.getResource("command-center.css").toExternalForm();
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab tab = new Tab(name, content);
        tab.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return tab;
    }

    /** The Events tab's jump to a training run: the Training tab, showing that run. */
    private void openRun(long runId) {
        tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "tab-training".equals(t.getId())).findFirst().orElseThrow());
        model.training().loadRun(runId);
    }

    private MenuBar menu() {
        MenuItem guideItem = new MenuItem("First-run guide…");
        guideItem.setId("menu-guide");
        guideItem.setOnAction(e -> openGuide());
        MenuBar bar = new MenuBar(new Menu("Help", null, guideItem));
        bar.setId("menu-bar");
        return bar;
    }

    /** Opens the first-run guide (a window of its own, in front of this one). */
    public FirstRunGuide openGuide() {
        FirstRunGuide g = guide;
        if (g == null) {
            g = new FirstRunGuide(model.firstRun(), scene.getWindow());
            guide = g;
        }
        g.open();
        return g;
    }

    private HBox statusBar() {
        Region dot = new Region();
        dot.getStyleClass().add("dot");
        dot.setId("connection-dot");
        Views.dot(dot, model.connection().stateProperty().get().name());
        model.connection().stateProperty().addListener((o, a, s) -> Views.dot(dot, s.name()));
        Label state = new Label();
        state.setId("connection-state");
        state.textProperty().bind(model.connection().stateProperty().map(CommandCenterWindow::word));
        Label detail = new Label();
        detail.setId("connection-detail");
        detail.getStyleClass().add("hint");
        detail.textProperty().bind(model.connection().detailProperty());
        HBox bar = new HBox(8, dot, state, detail);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    static String word(ConnectionState state) {
        return switch (state) {
            case CONNECTING -> "Connecting";
            case CONNECTED -> "Connected";
            case RECONNECTING -> "Backend offline";
            case CLOSED -> "Closed";
        };
    }

    public Scene scene() {
        return scene;
    }

    public TabPane tabs() {
        return tabs;
    }

    public void show(Stage stage) {
        stage.setTitle("VtuberMiku — command center");
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
    }

    public void stop() {
        logs.stop();
        stream.stop();
        events.stop();
        if (guide != null) {
            guide.stage().hide();
        }
    }
}
