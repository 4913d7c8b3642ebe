package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.AvatarPreview;
import dev.vtubermiku.gui.vm.MappingRow;
import dev.vtubermiku.gui.vm.OnAirViewModel;
import dev.vtubermiku.protocol.AvatarInfo;
import dev.vtubermiku.protocol.CharacterInfo;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.stage.FileChooser;

/**
 * The On air tab: the overlay URL to paste into OBS, her avatar per character with a preview of
 * each expression and the emotion mapping, then VTube Studio, OBS and where her voice plays
 * ({@link StudioLinksPane}).
 */
public final class OnAirView extends ScrollPane {

    private final OnAirViewModel model;
    private final FlowPane previews = new FlowPane(10, 10);

    public OnAirView(OnAirViewModel model) {
        this.model = model;
        setId("on-air");
        setFitToWidth(true);
        Label message = new Label();
        message.setId("onair-message");
        message.getStyleClass().add("hint");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        VBox content = new VBox(14, overlayCard(), avatarCard(), new StudioLinksPane(model), message);
        content.setStyle("-fx-padding: 14;");
        setContent(content);
    }

    private Node overlayCard() {
        TextField url = new TextField();
        url.setId("onair-overlay-url");
        url.setEditable(false);
        url.textProperty().bind(model.overlayUrlProperty());
        HBox.setHgrow(url, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("onair-overlay-copy");
        copy.setOnAction(e -> {
            ClipboardContent clip = new ClipboardContent();
            clip.putString(url.getText());
            Clipboard.getSystemClipboard().setContent(clip);
            model.messageProperty().set("Copied the overlay URL: in OBS, add a Browser source and paste it as its URL.");
        });
        HBox row = new HBox(8, url, copy);
        row.setAlignment(Pos.CENTER_LEFT);
        return card(Views.title("Overlay — an OBS browser source"), row,
                Views.hint("In OBS: Sources → + → Browser, paste this URL, size it like your canvas. The page is transparent; "
                        + "she appears with her captions and (when chosen below) her voice."));
    }

    private Node avatarCard() {
        ComboBox<CharacterInfo> picker = new ComboBox<>(model.characters());
        picker.setId("onair-character");
        picker.setCellFactory(v -> new NameCell());
        picker.setButtonCell(new NameCell());
        picker.valueProperty().bindBidirectional(model.characterProperty());
        Label kind = new Label();
        kind.setId("avatar-kind");
        kind.textProperty().bind(model.avatarProperty().map(OnAirViewModel::describe).orElse(""));
        Button upload = new Button("Upload avatar…");
        upload.setId("avatar-upload");
        upload.disableProperty().bind(model.busyProperty().or(model.characterProperty().isNull()));
        upload.setOnAction(e -> choose());
        Button remove = new Button("Use her portrait");
        remove.setId("avatar-remove");
        remove.disableProperty().bind(model.avatarProperty().map(a -> a.kind().equals(AvatarInfo.PORTRAIT)).orElse(true));
        remove.setOnAction(e -> model.removeAvatar());
        HBox top = new HBox(10, new Label("Character"), picker, upload, remove, kind);
        top.setAlignment(Pos.CENTER_LEFT);
        previews.setId("avatar-previews");
        model.previews().addListener((ListChangeListener<AvatarPreview>) c -> showPreviews());
        Views.acceptFiles(previews, OnAirView::isAvatarFile, files -> model.upload(files.getFirst()));
        Button save = new Button("Save mapping");
        save.setId("avatar-map-save");
        save.setOnAction(e -> model.saveAvatarMap());
        return card(Views.title("Her avatar"), top,
                Views.hint("A VRM model (.vrm), a sprite pack (.zip of neutral.png, joy.png, … as SillyTavern uses), or one picture. "
                        + "Drop a file on the previews or upload it; with nothing uploaded she is her card's picture or a portrait."),
                previews, Views.title("Which expression shows each emotion"),
                mappingGrid(model.avatarMap(), model.expressions(), "avatar-map", true), save);
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Her avatar");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Avatars (VRM, sprite pack, picture)",
                "*.vrm", "*.zip", "*.png", "*.jpg", "*.jpeg", "*.webp"));
        File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            model.upload(file.toPath());
        }
    }

    private static boolean isAvatarFile(java.nio.file.Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(vrm|zip|png|jpe?g|webp)");
    }

    private void showPreviews() {
        previews.getChildren().clear();
        for (AvatarPreview p : model.previews()) {
            previews.getChildren().add(tile(p));
        }
    }

    private Node tile(AvatarPreview p) {
        Node picture;
        if (p.image() != null) {
            ImageView view = new ImageView(new Image(new ByteArrayInputStream(p.image()), 96, 96, true, true));
            picture = view;
        } else if (p.mediaType().equals("image/svg+xml")) {
            picture = portrait(model.characterProperty().get());
        } else if (p.mediaType().startsWith("model/")) {
            picture = null; // a VRM expression: its name is its preview
        } else {
            Label format = new Label(p.mediaType().replace("image/", "").toUpperCase(Locale.ROOT));
            format.getStyleClass().add("hint");
            picture = format;
        }
        Label label = new Label(p.label());
        label.getStyleClass().add("avatar-label");
        VBox tile = picture == null ? new VBox(label) : new VBox(4, picture, label);
        tile.setAlignment(Pos.CENTER);
        tile.getStyleClass().addAll("avatar-thumb", picture == null ? "expression-name" : "picture");
        return tile;
    }

    /** Her generated portrait as the server draws it (initials on a colour from her name); JavaFX cannot show SVG. */
    static Node portrait(CharacterInfo c) {
        String name = c == null ? "?" : c.name();
        String initials = java.util.Arrays.stream(name.strip().split("[\\s_-]+")).filter(w -> !w.isEmpty()).limit(2)
                .map(w -> w.substring(0, w.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.joining());
        Circle circle = new Circle(44, Color.hsb(Math.floorMod(name.hashCode(), 360), 0.55, 0.75));
        Label text = new Label(initials.isEmpty() ? "?" : initials);
        text.setStyle("-fx-font-size: 34px; -fx-font-weight: bold; -fx-text-fill: white;");
        return new StackPane(circle, text);
    }

    /** Rows of "emotion → choice"; {@code editable} lets a name be typed that the list lacks. */
    static GridPane mappingGrid(ObservableList<MappingRow> rows, ObservableList<String> choices, String id, boolean editable) {
        GridPane grid = new GridPane(12, 6);
        grid.setId(id);
        Runnable fill = () -> {
            grid.getChildren().clear();
            int i = 0;
            for (MappingRow row : rows) {
                ComboBox<String> box = new ComboBox<>(choices);
                box.setId(id + "-" + row.key());
                box.setEditable(editable);
                box.setPrefWidth(150);
                box.valueProperty().bindBidirectional(row.valueProperty());
                Label key = new Label(row.key());
                key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                grid.add(key, (i / 5) * 2, i % 5);
                grid.add(box, (i / 5) * 2 + 1, i % 5);
                i++;
            }
        };
        rows.addListener((ListChangeListener<MappingRow>) c -> fill.run());
        fill.run();
        return grid;
    }

    static VBox card(Node... children) {
        VBox card = new VBox(8, children);
        card.getStyleClass().add("card");
        return card;
    }

    private static final class NameCell extends ListCell<CharacterInfo> {
        @Override
        protected void updateItem(CharacterInfo item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.name());
        }
    }
}
