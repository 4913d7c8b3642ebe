package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.net.RemoteStudio;
import dev.vtubermiku.gui.vm.OnAirViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The On air tab's lower half: VTube Studio and OBS (state, connect, mappings) and where her voice plays. */
final class StudioLinksPane extends VBox {

    private final OnAirViewModel model;

    StudioLinksPane(OnAirViewModel model) {
        super(14);
        this.model = model;
        VBox vts = vtsCard();
        VBox obs = obsCard();
        HBox.setHgrow(vts, Priority.ALWAYS);
        HBox.setHgrow(obs, Priority.ALWAYS);
        getChildren().addAll(new HBox(14, vts, obs), voiceCard());
    }

    private VBox vtsCard() {
        ObservableList<String> hotkeys = FXCollections.observableArrayList();
        model.vtsProperty().addListener((o, a, v) -> hotkeys.setAll(v.choices()));
        Button connect = new Button();
        connect.setId("vts-connect");
        connect.textProperty().bind(model.vtsProperty().map(v -> switch (v.state()) {
            case "denied" -> "Ask for approval again";
            case "awaiting_approval" -> "Waiting for approval…";
            case "connected" -> "Reconnect";
            default -> "Connect";
        }));
        connect.disableProperty().bind(model.vtsProperty().map(v -> !v.configured() || v.state().equals("awaiting_approval")));
        connect.setOnAction(e -> model.connectVts());
        Button save = new Button("Save hotkeys");
        save.setId("vts-map-save");
        save.disableProperty().bind(model.vtsProperty().map(v -> !v.configured()));
        save.setOnAction(e -> model.saveVtsMap());
        return OnAirView.card(Views.title("VTube Studio"), state("vts", model.vtsProperty(), "VTS_URL"), connect,
                Views.hint("Her mouth follows her voice; each emotion can trigger a hotkey of your model. "
                        + "The first time, click Allow in VTube Studio's plugin popup."),
                OnAirView.mappingGrid(model.vtsMap(), hotkeys, "vts-map", true), save);
    }

    private VBox obsCard() {
        ObservableList<String> scenes = FXCollections.observableArrayList();
        model.obsProperty().addListener((o, a, v) -> scenes.setAll(v.choices()));
        Button connect = new Button("Connect");
        connect.setId("obs-connect");
        connect.disableProperty().bind(model.obsProperty().map(v -> !v.configured()));
        connect.setOnAction(e -> model.connectObs());
        ComboBox<String> caption = new ComboBox<>();
        caption.setId("obs-caption");
        caption.setEditable(true);
        caption.setPromptText("text source for her captions");
        caption.valueProperty().bindBidirectional(model.captionSourceProperty());
        Button save = new Button("Save captions and scenes");
        save.setId("obs-save");
        save.disableProperty().bind(model.obsProperty().map(v -> !v.configured()));
        save.setOnAction(e -> model.saveObsSettings());
        HBox captionRow = new HBox(8, new Label("Captions to"), caption);
        captionRow.setAlignment(Pos.CENTER_LEFT);
        return OnAirView.card(Views.title("OBS"), state("obs", model.obsProperty(), "OBS_URL and OBS_PASSWORD"), connect,
                captionRow, Views.hint("Scene per state or emotion (empty: no switch)"),
                OnAirView.mappingGrid(model.obsMap(), scenes, "obs-map", true), save);
    }

    /** A dot and a sentence for a connection's state; "not configured" says which keys turn it on. */
    private static Node state(String id, ObjectProperty<RemoteStudio> studio, String keys) {
        Region dot = new Region();
        dot.getStyleClass().add("dot");
        Label text = new Label();
        text.setId(id + "-state");
        text.setWrapText(true);
        Runnable show = () -> {
            RemoteStudio s = studio.get();
            Views.dot(dot, s.configured() ? s.state() : "off");
            text.setText(!s.configured() ? "Not configured — set " + keys + " (Status tab or .env)"
                    : words(s.state()) + (s.detail().isBlank() ? "" : " — " + s.detail()));
        };
        studio.addListener((o, a, b) -> show.run());
        show.run();
        HBox row = new HBox(8, dot, text);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    static String words(String state) {
        return switch (state) {
            case "connected" -> "Connected";
            case "connecting" -> "Connecting";
            case "awaiting_approval" -> "Waiting for you to allow the plugin in VTube Studio";
            case "denied" -> "Not allowed in VTube Studio";
            case "auth_failed" -> "Wrong OBS password";
            case "unreachable" -> "Not reachable (retrying)";
            default -> "Off";
        };
    }

    private Node voiceCard() {
        ToggleGroup group = new ToggleGroup();
        HBox choices = new HBox(16);
        for (String where : OnAirViewModel.PLAYBACK) {
            RadioButton radio = new RadioButton(switch (where) {
                case "overlay" -> "The overlay (OBS captures her with the source)";
                case "both" -> "Both";
                default -> "This computer";
            });
            radio.setId("playback-" + where);
            radio.setUserData(where);
            radio.setToggleGroup(group);
            radio.disableProperty().bind(model.voicePlaybackAvailableProperty().not());
            choices.getChildren().add(radio);
        }
        Runnable select = () -> group.getToggles().forEach(t -> t.setSelected(t.getUserData().equals(model.voicePlaybackProperty().get())));
        model.voicePlaybackProperty().addListener((o, a, b) -> select.run());
        select.run();
        group.selectedToggleProperty().addListener((o, a, t) -> {
            if (t != null && !t.getUserData().equals(model.voicePlaybackProperty().get())) {
                model.setVoicePlayback((String) t.getUserData());
            }
        });
        Label unavailable = Views.hint("This backend cannot play her voice on the overlay yet (no VOICE_PLAYBACK setting).");
        unavailable.setId("playback-unavailable");
        unavailable.visibleProperty().bind(model.voicePlaybackAvailableProperty().not());
        unavailable.managedProperty().bind(unavailable.visibleProperty());
        return OnAirView.card(Views.title("Where her voice plays"), choices, unavailable,
                Views.hint("So she is never heard twice: choose the overlay when OBS should capture her voice with the browser source."));
    }
}
