package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.CharacterFormViewModel;
import dev.vtubermiku.gui.vm.ChatViewModel;
import dev.vtubermiku.protocol.CharacterInfo;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** A dialog to create or edit a character. */
final class CharacterEditor {

    private CharacterEditor() {}

    static void open(Window owner, ChatViewModel chat, CharacterInfo existing) {
        CharacterFormViewModel vm = new CharacterFormViewModel(chat.client(), Platform::runLater, existing);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle(vm.isNew() ? "New character" : "Edit " + existing.name());
        TextField name = new TextField();
        name.setId("character-name");
        name.textProperty().bindBidirectional(vm.nameProperty());
        TextArea profile = area(vm.profileProperty(), 4);
        TextArea personality = area(vm.personalityProperty(), 3);
        TextArea greeting = area(vm.greetingProperty(), 2);
        TextArea examples = area(vm.exampleDialogueProperty(), 3);
        ComboBox<String> voice = new ComboBox<>(vm.voices());
        voice.setEditable(true);
        voice.setPromptText("Default voice");
        voice.valueProperty().bindBidirectional(vm.voiceProperty());
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        Button save = new Button(vm.isNew() ? "Create" : "Save");
        save.setId("character-save");
        save.setDefaultButton(true);
        save.disableProperty().bind(vm.validProperty().not());
        save.setOnAction(e -> vm.save().thenAccept(saved -> Platform.runLater(() -> {
            if (saved != null) {
                chat.refresh();
                stage.close();
            }
        })));
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());

        GridPane form = new GridPane(10, 8);
        form.setPadding(new Insets(14));
        int row = 0;
        form.addRow(row++, new Label("Name"), name);
        form.addRow(row++, new Label("Profile"), profile);
        form.addRow(row++, new Label("Personality"), personality);
        form.addRow(row++, new Label("Greeting"), greeting);
        form.addRow(row++, new Label("Example dialogue"), examples);
        form.addRow(row++, new Label("Voice"), voice);
        form.add(error, 1, row++);
        HBox buttons = new HBox(8, Views.grow(), cancel, save);
        form.add(buttons, 1, row);
        GridPane.setHgrow(name, Priority.ALWAYS);
        Scene scene = new Scene(form, 560, 520);
        scene.getStylesheets().add(CommandCenterWindow.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    private static TextArea area(javafx.beans.property.StringProperty text, int rows) {
        TextArea area = new TextArea();
        area.setWrapText(true);
        area.setPrefRowCount(rows);
        area.textProperty().bindBidirectional(text);
        return area;
    }
}
