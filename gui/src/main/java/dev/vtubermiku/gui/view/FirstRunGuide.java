package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.FirstRunViewModel;
import dev.vtubermiku.gui.vm.FirstRunViewModel.Step;
import dev.vtubermiku.gui.vm.LlmChoiceViewModel;
import dev.vtubermiku.gui.vm.LlmChoiceViewModel.Choice;
import dev.vtubermiku.protocol.CharacterInfo;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The first-run guide's window: the steps on the left, the current one in the middle, Back / Skip / Next below. */
public final class FirstRunGuide {

    private final FirstRunViewModel model;
    private final Stage stage = new Stage();
    private final Map<Step, Label> marks = new EnumMap<>(Step.class);
    private final Button next = new Button();

    public FirstRunGuide(FirstRunViewModel model, Window owner) {
        this.model = model;
        stage.initOwner(owner);
        stage.setTitle("VtuberMiku — first steps");
        BorderPane root = new BorderPane();
        root.getStyleClass().add("guide");
        root.setLeft(stepList());
        StackPane page = new StackPane();
        page.setId("guide-page");
        page.setPadding(new Insets(18, 24, 12, 24));
        root.setCenter(page);
        root.setBottom(buttons());
        show(page, model.stepProperty().get());
        model.stepProperty().addListener((o, a, step) -> show(page, step));
        model.openProperty().addListener((o, a, open) -> {
            if (!open) {
                stage.hide();
            }
        });
        stage.setOnCloseRequest(e -> model.close());
        Scene scene = new Scene(root, 760, 500);
        scene.getStylesheets().add(CommandCenterWindow.stylesheet());
        stage.setScene(scene);
    }

    public void open() {
        model.open();
        stage.show();
        stage.toFront();
        next.requestFocus();
    }

    public Stage stage() {
        return stage;
    }

    public FirstRunViewModel model() {
        return model;
    }

    private VBox stepList() {
        VBox list = new VBox(10);
        list.getStyleClass().add("guide-steps");
        list.setPadding(new Insets(24, 16, 16, 20));
        list.setPrefWidth(190);
        Label welcome = new Label("Welcome!");
        welcome.getStyleClass().add("guide-welcome");
        list.getChildren().addAll(welcome, Views.hint("Five steps, each one can be skipped."));
        for (Step step : Step.values()) {
            Label mark = new Label((step.ordinal() + 1) + "  " + step.title());
            mark.getStyleClass().add("guide-step");
            marks.put(step, mark);
            list.getChildren().add(mark);
        }
        return list;
    }

    private HBox buttons() {
        Label message = new Label();
        message.setId("guide-message");
        message.getStyleClass().add("hint");
        message.textProperty().bind(model.messageProperty());
        Button back = new Button("Back");
        back.setId("guide-back");
        back.disableProperty().bind(model.stepProperty().isEqualTo(Step.LLM));
        back.setOnAction(e -> model.back());
        Button skip = new Button("Skip");
        skip.setId("guide-skip");
        skip.setOnAction(e -> model.skip());
        skip.visibleProperty().bind(model.stepProperty().isNotEqualTo(Step.OVERLAY));
        next.setId("guide-next");
        next.setDefaultButton(true);
        next.textProperty().bind(Bindings.when(model.stepProperty().isEqualTo(Step.OVERLAY)).then("Finish").otherwise("Next"));
        next.setOnAction(e -> model.next());
        HBox bar = new HBox(8, message, Views.grow(), back, skip, next);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 16, 14, 20));
        bar.getStyleClass().add("guide-buttons");
        return bar;
    }

    private void show(StackPane page, Step step) {
        marks.forEach((s, mark) -> {
            mark.getStyleClass().removeAll("current", "done");
            mark.getStyleClass().add(s == step ? "current" : s.ordinal() < step.ordinal() ? "done" : "later");
        });
        page.getChildren().setAll(switch (step) {
            case LLM -> llmPage(model.llm());
            case VOICE -> voicePage();
            case MICROPHONE -> micPage();
            case CHARACTER -> characterPage();
            case OVERLAY -> overlayPage();
        });
        next.requestFocus(); // not the first control of the page, whose focus ring reads as a choice
    }

    private static VBox page(String title, String intro, Node... content) {
        Label heading = new Label(title);
        heading.getStyleClass().add("guide-title");
        VBox box = new VBox(12, heading, Views.hint(intro));
        box.getChildren().addAll(content);
        return box;
    }

    private static Label note(javafx.beans.value.ObservableValue<String> text, String id) {
        Label label = Views.hint("");
        label.setId(id);
        label.textProperty().bind(text);
        return label;
    }

    private static Node llmPage(LlmChoiceViewModel llm) {
        ToggleGroup group = new ToggleGroup();
        RadioButton local = radio("A local LLM on this machine (Ollama)", "llm-local", group);
        RadioButton cloud = radio("OpenRouter (cloud, needs a key)", "llm-openrouter", group);
        RadioButton echo = radio("Offline echo: she repeats you, until you set one up", "llm-echo", group);
        Map<Choice, RadioButton> byChoice = Map.of(Choice.LOCAL, local, Choice.OPENROUTER, cloud, Choice.ECHO, echo);
        byChoice.get(llm.choiceProperty().get()).setSelected(true);
        llm.choiceProperty().addListener((o, a, c) -> byChoice.get(c).setSelected(true));
        group.selectedToggleProperty().addListener((o, a, t) -> byChoice.forEach((c, r) -> {
            if (r == t) {
                llm.choiceProperty().set(c);
            }
        }));
        ComboBox<String> models = new ComboBox<>(llm.localModels());
        models.setId("llm-models");
        models.valueProperty().bindBidirectional(llm.localModelProperty());
        models.disableProperty().bind(Bindings.isEmpty(llm.localModels()).or(local.selectedProperty().not()));
        PasswordField key = new PasswordField();
        key.setId("llm-key");
        key.setPromptText("sk-or-…");
        key.setPrefColumnCount(28);
        key.textProperty().bindBidirectional(llm.keyProperty());
        key.disableProperty().bind(cloud.selectedProperty().not());
        Button test = new Button("Test key");
        test.setId("llm-test");
        test.disableProperty().bind(cloud.selectedProperty().not().or(llm.testingProperty()));
        test.setOnAction(e -> llm.testKey());
        Label keyNote = note(llm.keyNoteProperty(), "llm-key-note");
        llm.keyAcceptedProperty().addListener((o, a, ok) -> keyNote.getStyleClass().setAll("label", ok ? "ok-text" : "warning"));
        return page("Who writes her replies?", "She answers through an LLM. A local one keeps everything on this machine.",
                local, indent(note(llm.localNoteProperty(), "llm-local-note"), models),
                cloud, indent(new HBox(8, key, test), keyNote),
                echo);
    }

    private static RadioButton radio(String text, String id, ToggleGroup group) {
        RadioButton radio = new RadioButton(text);
        radio.setId(id);
        radio.setToggleGroup(group);
        radio.getStyleClass().add("guide-choice");
        return radio;
    }

    private static VBox indent(Node... nodes) {
        VBox box = new VBox(6, nodes);
        box.setPadding(new Insets(0, 0, 4, 28));
        return box;
    }

    private Node voicePage() {
        ListView<String> voices = new ListView<>(model.voice().voices());
        voices.setId("voice-list");
        voices.setPrefHeight(180);
        voices.getSelectionModel().select(model.voice().voiceProperty().get());
        model.voice().voiceProperty().addListener((o, a, v) -> voices.getSelectionModel().select(v));
        voices.getSelectionModel().selectedItemProperty().addListener((o, a, v) -> {
            if (v != null) {
                model.voice().voiceProperty().set(v);
            }
        });
        Button preview = new Button("▶  Hear her");
        preview.setId("voice-preview");
        preview.disableProperty().bind(Bindings.isEmpty(model.voice().voices()));
        preview.setOnAction(e -> model.voice().preview());
        return page("Her voice", "Pick the voice she speaks with and hear a line of it. More voices: the Status tab's models.",
                voices, preview, note(model.voice().noteProperty(), "voice-note"));
    }

    private Node micPage() {
        ComboBox<String> inputs = new ComboBox<>(model.mic().inputs());
        inputs.setId("mic-device");
        inputs.setPromptText("no microphone");
        inputs.valueProperty().bindBidirectional(model.mic().deviceProperty());
        inputs.disableProperty().bind(Bindings.isEmpty(model.mic().inputs()));
        inputs.valueProperty().addListener((o, a, d) -> {
            if (model.mic().listeningProperty().get()) {
                model.mic().start();
            }
        });
        ProgressBar meter = new ProgressBar();
        meter.setId("mic-level");
        meter.setPrefWidth(360);
        meter.progressProperty().bind(model.mic().levelProperty());
        meter.disableProperty().bind(model.mic().listeningProperty().not());
        return page("Your microphone", "To talk to her hands-free. Typing works without one.",
                inputs, meter, note(model.mic().noteProperty(), "mic-note"));
    }

    private Node characterPage() {
        ListView<CharacterInfo> list = new ListView<>(model.characters());
        list.setId("character-list");
        list.setPrefHeight(220);
        list.setPrefWidth(480);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(CharacterInfo c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(c.name());
                name.getStyleClass().add("section-title");
                // Cards write {{char}} for her name; a list shows it filled in, one line at most.
                String text = c.profile().replace("{{char}}", c.name()).replace("{{user}}", "you").strip();
                int end = text.indexOf(". ");
                Label profile = Views.hint(end > 0 && end < 120 ? text.substring(0, end + 1) : text);
                profile.setWrapText(false);
                profile.setMaxWidth(470);
                setText(null);
                setGraphic(new VBox(2, name, profile));
            }
        });
        list.getSelectionModel().select(model.characterProperty().get());
        model.characterProperty().addListener((o, a, c) -> list.getSelectionModel().select(c));
        list.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> {
            if (c != null) {
                model.characterProperty().set(c);
            }
        });
        return page("Who is she?", "Pick the character who goes on air. Edit or import more in the Chat tab.", list);
    }

    private Node overlayPage() {
        TextField url = new TextField();
        url.setId("overlay-url");
        url.setEditable(false);
        url.textProperty().bind(model.overlayUrlProperty());
        url.disableProperty().bind(model.overlayAvailableProperty().not());
        Button copy = new Button("Copy");
        copy.setId("overlay-copy");
        copy.disableProperty().bind(model.overlayAvailableProperty().not());
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.overlayUrlProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox.setHgrow(url, javafx.scene.layout.Priority.ALWAYS);
        Label note = note(model.overlayNoteProperty(), "overlay-note");
        model.overlayAvailableProperty().addListener((o, a, ok) -> note.getStyleClass().setAll("label", ok ? "hint" : "warning"));
        note.getStyleClass().setAll("label", model.overlayAvailableProperty().get() ? "hint" : "warning");
        return page("Put her on air", "OBS shows her through a browser source pointing at the backend.",
                new HBox(8, url, copy), note,
                Views.hint("You can open this guide again from Help → First-run guide."));
    }
}
