package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.AudioDevicesViewModel;
import dev.vtubermiku.gui.vm.CardImportViewModel;
import dev.vtubermiku.gui.vm.CharacterPickerViewModel;
import dev.vtubermiku.gui.vm.ChatLine;
import dev.vtubermiku.gui.vm.ChatViewModel;
import dev.vtubermiku.gui.vm.PushToTalkViewModel;
import dev.vtubermiku.gui.vm.VoiceState;
import dev.vtubermiku.gui.vm.VoiceViewModel;
import dev.vtubermiku.protocol.CharacterInfo;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Chat tab: the conversation, the input, the character picker and the audio controls. */
final class ChatView extends BorderPane {


    /** The hands-free Talk toggle and the session's state (listening, hearing you, thinking, speaking, interrupted). */
    private static HBox handsFree(AudioDevicesViewModel devices, VoiceViewModel voice) {
        ToggleButton toggle = new ToggleButton("🎙 Talk");
        toggle.setId("voice-talk");
        toggle.setTooltip(new Tooltip("Hands-free: talk to her and hear her answer as she writes it; talk over her to interrupt"));
        toggle.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // The toggle mirrors the session (which can also end by itself); a click asks the ViewModel.
        toggle.setSelected(voice.activeProperty().get());
        voice.activeProperty().addListener((o, a, b) -> toggle.setSelected(b));
        toggle.setOnAction(e -> {
            voice.toggle();
            toggle.setSelected(voice.activeProperty().get()); // no microphone: it stays off
        });
        toggle.disableProperty().bind(Bindings.isEmpty(devices.inputs()));
        Label state = new Label();
        state.setId("voice-state");
        state.getStyleClass().add("voice-state");
        state.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        state.textProperty().bind(Bindings.createStringBinding(() -> {
            VoiceState now = voice.stateProperty().get();
            if (devices.inputs().isEmpty()) {
                return "No microphone";
            }
            String heard = voice.heardProperty().get();
            return now == VoiceState.THINKING && !heard.isEmpty() ? now.label() + " about “" + clip(heard) + "”" : now.label();
        }, voice.stateProperty(), voice.heardProperty(), devices.inputs()));
        voice.stateProperty().addListener((o, a, b) -> {
            state.getStyleClass().removeIf(c -> c.startsWith("voice-"));
            state.getStyleClass().addAll("voice-state", "voice-" + b.name().toLowerCase(Locale.ROOT));
        });
        ProgressBar level = new ProgressBar();
        level.setPrefWidth(50);
        level.progressProperty().bind(Bindings.min(1.0, voice.levelProperty().multiply(4)));
        level.visibleProperty().bind(voice.activeProperty());
        HBox box = new HBox(6, toggle, level, state);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 39) + "…";
    }
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    ChatView(ChatViewModel vm, VoiceViewModel voice) {
        setId("chat-view");
        CharacterPickerViewModel characters = vm.picker();
        AudioDevicesViewModel devices = vm.devices();
        PushToTalkViewModel ptt = vm.pushToTalk();
        // --- top: who she is
        ComboBox<CharacterInfo> picker = Views.characterPicker(characters.characters());
        picker.setId("character-picker");
        picker.setPrefWidth(240);
        picker.setPromptText("No character yet");
        characters.activeProperty().addListener((o, a, now) -> selectActive(picker, now));
        characters.characters().addListener((javafx.collections.ListChangeListener<CharacterInfo>) c -> selectActive(picker,
                characters.activeProperty().get()));
        picker.setOnAction(e -> {
            CharacterInfo chosen = picker.getValue();
            if (chosen != null) {
                characters.switchTo(chosen);
            }
        });
        Button create = new Button("New…");
        create.setOnAction(e -> CharacterEditor.open(getScene().getWindow(), vm, null));
        Button edit = new Button("Edit…");
        edit.disableProperty().bind(characters.activeProperty().isNull());
        edit.setOnAction(e -> CharacterEditor.open(getScene().getWindow(), vm, characters.activeProperty().get()));
        Button importCard = new Button("Import card…");
        importCard.setTooltip(new Tooltip("A SillyTavern character card (.json or .png); you can also drop one on this tab"));
        importCard.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Import a SillyTavern character card");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Character cards", "*.json", "*.png"));
            java.io.File file = chooser.showOpenDialog(getScene().getWindow());
            if (file != null) {
                importFile(vm.cards(), file.toPath());
            }
        });
        Label status = new Label();
        status.setId("chat-message");
        status.getStyleClass().add("warning");
        status.textProperty().bind(vm.messageProperty());
        HBox top = new HBox(8, new Label("Character"), picker, create, edit, importCard, Views.grow(), status);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8, 10, 8, 10));
        setTop(top);

        // --- centre: the conversation
        ListView<ChatLine> list = new ListView<>(vm.lines());
        list.setId("chat-lines");
        list.getStyleClass().add("chat-list");
        list.setPlaceholder(Views.hint("No messages yet. Say hello below."));
        list.setCellFactory(v -> new LineCell(list));
        vm.lines().addListener((javafx.collections.ListChangeListener<ChatLine>) c -> {
            if (!vm.lines().isEmpty()) {
                list.scrollTo(vm.lines().size() - 1);
            }
        });
        setCenter(list);

        // --- bottom: input and audio
        TextField input = new TextField();
        input.setId("chat-input");
        input.setPromptText("Say something to her… (Enter sends)");
        input.textProperty().bindBidirectional(vm.inputProperty());
        input.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.send();
                e.consume();
            }
        });
        HBox.setHgrow(input, Priority.ALWAYS);
        Button send = new Button("Send");
        send.setId("chat-send");
        send.setDefaultButton(false);
        send.disableProperty().bind(vm.canSendProperty().not());
        send.setOnAction(e -> vm.send());
        Button talk = new Button("Hold to talk");
        talk.setId("push-to-talk");
        talk.getStyleClass().add("ptt");
        talk.setOnMousePressed(e -> ptt.startTalking());
        talk.setOnMouseReleased(e -> ptt.stopTalking());
        talk.disableProperty().bind(Bindings.isEmpty(devices.inputs()).or(ptt.transcribingProperty()));
        talk.textProperty().bind(Bindings.when(ptt.recordingProperty()).then("● Recording…")
                .otherwise(Bindings.when(ptt.transcribingProperty()).then("Transcribing…").otherwise("Hold to talk")));
        ProgressBar level = new ProgressBar();
        level.setPrefWidth(60);
        level.progressProperty().bind(Bindings.min(1.0, ptt.micLevelProperty().multiply(4)));
        level.visibleProperty().bind(ptt.recordingProperty());
        HBox inputRow = new HBox(8, input, send, talk, level, handsFree(devices, voice));
        inputRow.setAlignment(Pos.CENTER_LEFT);

        CheckBox speak = new CheckBox("Speak replies");
        speak.setId("speak-replies");
        speak.selectedProperty().bindBidirectional(vm.speakRepliesProperty());
        speak.disableProperty().bind(Bindings.isEmpty(devices.outputs()));
        Button play = new Button("▶ Play");
        play.setId("audio-play");
        play.setOnAction(e -> devices.play());
        play.disableProperty().bind(Bindings.isEmpty(devices.outputs()));
        Button stop = new Button("■ Stop");
        stop.setOnAction(e -> devices.stop());
        stop.disableProperty().bind(devices.playingProperty().not());
        Slider volume = new Slider(0, 1, 0.8);
        volume.setPrefWidth(110);
        volume.valueProperty().bindBidirectional(devices.volumeProperty());
        ComboBox<String> output = new ComboBox<>(devices.outputs());
        output.setPromptText("Default output");
        output.setPrefWidth(170);
        output.valueProperty().bindBidirectional(devices.outputProperty());
        output.disableProperty().bind(Bindings.isEmpty(devices.outputs()));
        ComboBox<String> mic = new ComboBox<>(devices.inputs());
        mic.setPromptText("Default microphone");
        mic.setPrefWidth(170);
        mic.valueProperty().bindBidirectional(devices.microphoneProperty());
        mic.disableProperty().bind(Bindings.isEmpty(devices.inputs()));
        Button rescan = new Button("⟳");
        rescan.setTooltip(new Tooltip("Look for audio devices again"));
        rescan.setOnAction(e -> devices.refreshDevices());
        Label audio = new Label();
        audio.setId("audio-status");
        audio.getStyleClass().add("warning");
        audio.textProperty().bind(devices.audioStatusProperty());
        HBox audioRow = new HBox(8, speak, play, stop, new Label("Volume"), volume, output, mic, rescan);
        audioRow.setAlignment(Pos.CENTER_LEFT);
        // Controls keep their full labels; the status gets a line of its own when it has something to say.
        audioRow.getChildren().forEach(n -> {
            if (n instanceof javafx.scene.control.Control c) {
                c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        });
        audio.setWrapText(true);
        audio.managedProperty().bind(audio.textProperty().isNotEmpty());
        audio.visibleProperty().bind(audio.managedProperty());
        Label voiceDetail = new Label();
        voiceDetail.setId("voice-detail");
        voiceDetail.getStyleClass().add("warning");
        voiceDetail.setWrapText(true);
        voiceDetail.textProperty().bind(voice.detailProperty());
        voiceDetail.managedProperty().bind(voiceDetail.textProperty().isNotEmpty());
        voiceDetail.visibleProperty().bind(voiceDetail.managedProperty());
        VBox bottom = new VBox(6, inputRow, audioRow, audio, voiceDetail);
        bottom.setPadding(new Insets(8, 10, 10, 10));
        setBottom(bottom);

        Views.acceptFiles(this, ChatView::isCard, files -> files.forEach(f -> importFile(vm.cards(), f)));
    }

    private static boolean isCard(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".png");
    }

    private static void importFile(CardImportViewModel cards, Path file) {
        Views.read(file, cards::importCard, cards::report);
    }

    private static void selectActive(ComboBox<CharacterInfo> picker, CharacterInfo active) {
        CharacterInfo match = active == null ? null
                : picker.getItems().stream().filter(c -> c.id() == active.id()).findFirst().orElse(null);
        if (picker.getValue() != match) {
            picker.setValue(match);
        }
    }

    /** A bubble: who, when, emotion, then the text (growing while it streams). */
    private static final class LineCell extends ListCell<ChatLine> {
        private final ListView<ChatLine> list;

        LineCell(ListView<ChatLine> list) {
            this.list = list;
        }

        @Override
        protected void updateItem(ChatLine line, boolean empty) {
            super.updateItem(line, empty);
            setText(null);
            if (empty || line == null) {
                setGraphic(null);
                return;
            }
            if (line.role() == ChatLine.Role.NOTICE) {
                Label notice = new Label();
                notice.getStyleClass().add("notice-text");
                notice.textProperty().bind(line.textProperty());
                HBox row = new HBox(notice);
                row.setAlignment(Pos.CENTER);
                setGraphic(row);
                return;
            }
            boolean user = line.role() == ChatLine.Role.USER;
            Label meta = new Label();
            meta.getStyleClass().add("bubble-meta");
            meta.textProperty().bind(Bindings.createStringBinding(() -> line.speaker() + " · "
                    + TIME.format(line.timeProperty().get()) + (line.streamingProperty().get() ? " · typing…" : ""),
                    line.timeProperty(), line.streamingProperty()));
            Label emotion = new Label();
            emotion.getStyleClass().add("emotion");
            emotion.textProperty().bind(line.emotionProperty());
            emotion.visibleProperty().bind(line.emotionProperty().isNotEmpty());
            emotion.managedProperty().bind(emotion.visibleProperty());
            Label text = new Label();
            text.getStyleClass().add("bubble-text");
            text.setWrapText(true);
            text.textProperty().bind(Bindings.when(line.textProperty().isEmpty().and(line.streamingProperty()))
                    .then("…").otherwise(line.textProperty()));
            text.maxWidthProperty().bind(list.widthProperty().multiply(0.7));
            HBox header = new HBox(6, meta, emotion);
            header.setAlignment(Pos.CENTER_LEFT);
            VBox bubble = new VBox(3, header, text);
            bubble.getStyleClass().addAll("bubble", user ? "user" : "character");
            if (line.failedProperty().get()) {
                bubble.getStyleClass().add("failed");
            }
            bubble.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            HBox row = new HBox(bubble);
            row.setAlignment(user ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
            setGraphic(row);
        }
    }
}
