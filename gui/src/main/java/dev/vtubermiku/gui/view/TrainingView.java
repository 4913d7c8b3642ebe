package dev.vtubermiku.gui.view;

import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.gui.vm.ChatViewModel;
import dev.vtubermiku.gui.vm.ClipRow;
import dev.vtubermiku.gui.vm.TrainingViewModel;
import dev.vtubermiku.protocol.CharacterInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Training tab: recordings in, clips reviewed, a voice trained. */
final class TrainingView extends BorderPane {

    TrainingView(TrainingViewModel vm, ChatViewModel chat) {
        setId("training-view");
        Label banner = new Label(TrainingViewModel.NOT_AVAILABLE + " Update the backend to a version with voice training.");
        banner.setId("training-unavailable");
        banner.getStyleClass().add("unavailable-banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.visibleProperty().bind(vm.availableProperty().not());
        banner.managedProperty().bind(banner.visibleProperty());
        Label message = new Label();
        message.setId("training-message");
        message.getStyleClass().add("warning");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.availableProperty().and(vm.messageProperty().isNotEmpty()));
        message.managedProperty().bind(message.visibleProperty());
        VBox top = new VBox(6, banner, message);
        top.setPadding(new Insets(8, 10, 0, 10));
        setTop(top);

        VBox left = new VBox(10, uploadBox(vm), processBox(vm));
        left.setPrefWidth(330);
        left.setMinWidth(300);
        VBox center = new VBox(6, Views.title("Clips"), clipTable(vm));
        VBox.setVgrow(center.getChildren().get(1), Priority.ALWAYS);
        HBox.setHgrow(center, Priority.ALWAYS);
        VBox right = new VBox(10, trainBox(vm, chat), TrainingRunPane.of(vm));
        right.setPrefWidth(400);
        right.setMinWidth(360);
        HBox body = new HBox(12, left, center, right);
        body.setPadding(new Insets(10));
        body.disableProperty().bind(vm.availableProperty().not());
        setCenter(body);
    }

    private static VBox uploadBox(TrainingViewModel vm) {
        Label drop = new Label("Drop WAV, MP3, OGG or FLAC recordings here");
        drop.setId("upload-drop");
        drop.setMaxWidth(Double.MAX_VALUE);
        drop.setMinHeight(70);
        drop.setAlignment(Pos.CENTER);
        drop.setWrapText(true);
        drop.setStyle("-fx-border-color: #444a57; -fx-border-style: segments(6,4); -fx-border-radius: 8;");
        Views.acceptFiles(drop, TrainingView::isAudio, vm::upload);
        Button choose = new Button("Choose files…");
        choose.setId("upload-choose");
        choose.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Recordings of the voice");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Audio", "*.wav", "*.mp3", "*.ogg", "*.flac"));
            List<java.io.File> files = chooser.showOpenMultipleDialog(drop.getScene().getWindow());
            if (files != null) {
                vm.upload(files.stream().map(java.io.File::toPath).toList());
            }
        });
        choose.disableProperty().bind(vm.uploadingProperty());
        TextField speaker = new TextField();
        speaker.setPromptText("Speaker (optional)");
        speaker.textProperty().bindBidirectional(vm.speakerProperty());
        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.uploadProgressProperty());
        progress.visibleProperty().bind(vm.uploadingProperty().or(vm.uploadProgressProperty().greaterThan(0)));
        ListView<String> results = new ListView<>(vm.uploadResults());
        results.setId("upload-results");
        results.setPrefHeight(110);
        results.setPlaceholder(Views.hint("Uploaded files appear here"));
        choose.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(speaker, Priority.ALWAYS);
        VBox box = new VBox(6, Views.title("1 · Upload"), drop, new HBox(6, choose, speaker), progress, results);
        box.getStyleClass().add("card");
        return box;
    }

    private static VBox processBox(TrainingViewModel vm) {
        Button process = new Button("Process uploads into clips");
        process.setId("process");
        process.setOnAction(e -> vm.process());
        process.disableProperty().bind(vm.processingProperty());
        ProgressBar progress = new ProgressBar(0);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.processProgressProperty());
        progress.visibleProperty().bind(vm.processingProperty().or(vm.processProgressProperty().greaterThan(0)));
        Label count = new Label();
        count.getStyleClass().add("hint");
        count.setWrapText(true);
        count.textProperty().bind(Bindings.concat(vm.processedClipsProperty().asString(), " clips made this run · ",
                Bindings.size(vm.clips()).asString(), " in the dataset"));
        Label expected = new Label();
        expected.setId("processing-estimate");
        expected.getStyleClass().add("hint");
        expected.setWrapText(true);
        expected.textProperty().bind(vm.estimate().textProperty());
        VBox box = new VBox(6, Views.title("2 · Process"),
                Views.hint("Splits on speech pauses into 1–15 s clips, normalises, transcribes and grades them."), expected, process, progress,
                count);
        box.getStyleClass().add("card");
        return box;
    }

    private static TableView<ClipRow> clipTable(TrainingViewModel vm) {
        TableView<ClipRow> table = new TableView<>(vm.clips());
        table.setId("clip-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setEditable(true);
        table.setPlaceholder(Views.hint("No clips yet: upload recordings and press Process."));
        TableColumn<ClipRow, ClipRow> play = new TableColumn<>("");
        play.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        play.setCellFactory(c -> buttonCell("▶", vm::playClip));
        play.setPrefWidth(46);
        TableColumn<ClipRow, String> file = new TableColumn<>("From");
        file.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().label()));
        file.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                ClipRow row = getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(empty || row == null ? null : new javafx.scene.control.Tooltip("Clip " + row.id() + " · " + row.filename()));
            }
        });
        file.setPrefWidth(100);
        TableColumn<ClipRow, String> length = new TableColumn<>("Length");
        length.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.format(Locale.ROOT, "%.1f s", c.getValue().duration())));
        length.setCellFactory(c -> {
            TableCell<ClipRow, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String text, boolean empty) {
                    super.updateItem(text, empty);
                    setText(empty ? null : text);
                }
            };
            cell.getStyleClass().add("clip-length");
            return cell;
        });
        length.setPrefWidth(72);
        TableColumn<ClipRow, String> grade = new TableColumn<>("Grade");
        grade.setPrefWidth(60);
        grade.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().grade()));
        grade.setCellFactory(c -> {
            TableCell<ClipRow, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String g, boolean empty) {
                    super.updateItem(g, empty);
                    getStyleClass().removeIf(s -> s.startsWith("grade-"));
                    setText(empty ? null : g);
                    if (!empty && g != null && !g.isEmpty()) {
                        getStyleClass().add("grade-" + g.toLowerCase(Locale.ROOT));
                    }
                }
            };
            cell.getStyleClass().add("clip-grade");
            return cell;
        });
        TableColumn<ClipRow, String> transcript = new TableColumn<>("Transcript (double-click)");
        transcript.setCellValueFactory(c -> c.getValue().transcriptProperty());
        transcript.setCellFactory(TextFieldTableCell.forTableColumn());
        transcript.setOnEditCommit(e -> {
            e.getRowValue().transcriptProperty().set(e.getNewValue());
            vm.saveTranscript(e.getRowValue());
        });
        transcript.setPrefWidth(320);
        TableColumn<ClipRow, Boolean> included = new TableColumn<>("Use");
        included.setCellValueFactory(c -> c.getValue().includedProperty());
        included.setCellFactory(CheckBoxTableCell.forTableColumn(included));
        included.setEditable(true);
        included.setPrefWidth(48);
        TableColumn<ClipRow, ClipRow> delete = new TableColumn<>("");
        delete.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        delete.setCellFactory(c -> buttonCell("✕", vm::deleteClip));
        delete.setPrefWidth(46);
        table.getColumns().addAll(List.of(play, file, length, grade, transcript, included, delete));
        // The check box edits the property directly: save whenever a row's "include" flips.
        vm.clips().addListener((ListChangeListener<ClipRow>) c -> {
            while (c.next()) {
                for (ClipRow row : c.getAddedSubList()) {
                    row.includedProperty().addListener((o, was, now) -> vm.saveIncluded(row));
                }
            }
        });
        return table;
    }

    private static TableCell<ClipRow, ClipRow> buttonCell(String text, java.util.function.Consumer<ClipRow> action) {
        return new TableCell<>() {
            private final Button button = new Button(text);

            @Override
            protected void updateItem(ClipRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                button.setOnAction(e -> action.accept(row));
                setGraphic(button);
            }
        };
    }

    private static VBox trainBox(TrainingViewModel vm, ChatViewModel chat) {
        ComboBox<CharacterInfo> character = Views.characterPicker(chat.picker().characters());
        character.setPromptText("Character");
        character.valueProperty().addListener((o, a, c) -> vm.characterIdProperty().set(c == null ? null : c.id()));
        vm.characterIdProperty().addListener((o, a, id) -> character.setValue(id == null ? null
                : chat.picker().characters().stream().filter(c -> c.id() == id).findFirst().orElse(null)));
        TextField name = new TextField();
        name.setPromptText("Voice name: letters, digits, _ (e.g. miku_v1)");
        name.textProperty().bindBidirectional(vm.voiceNameProperty());
        ComboBox<String> base = new ComboBox<>(FXCollections.observableArrayList());
        base.setEditable(true);
        base.setPromptText("Base checkpoint (fine-tune from)");
        base.valueProperty().bindBidirectional(vm.baseCheckpointProperty());
        vm.checkpoints().addListener((ListChangeListener<TrainingViewModel.Checkpoint>) c ->
                base.getItems().setAll(vm.checkpoints().stream().filter(TrainingViewModel.Checkpoint::exists)
                        .map(TrainingViewModel.Checkpoint::path).toList()));
        Spinner<Integer> epochs = new Spinner<>(1, 10_000, vm.epochsProperty().get(), 10);
        epochs.setEditable(true);
        epochs.valueProperty().addListener((o, a, b) -> vm.epochsProperty().set(b));
        vm.epochsProperty().addListener((o, a, b) -> epochs.getValueFactory().setValue(b.intValue()));
        // A trainer out of GPU memory says to lower it: it is the first knob a streamer turns.
        Spinner<Integer> batch = new Spinner<>(1, 512, vm.batchSizeProperty().get(), 2);
        batch.setEditable(true);
        batch.valueProperty().addListener((o, a, b) -> vm.batchSizeProperty().set(b));
        vm.batchSizeProperty().addListener((o, a, b) -> batch.getValueFactory().setValue(b.intValue()));
        ComboBox<String> quality = new ComboBox<>(FXCollections.observableArrayList(TrainRequest.QUALITIES));
        quality.valueProperty().bindBidirectional(vm.qualityProperty());
        // The language her new voice speaks: espeak-ng turns the transcripts into its phonemes.
        ComboBox<String> language = new ComboBox<>(FXCollections.observableArrayList(TrainRequest.COMMON_ESPEAK_VOICES));
        language.setId("training-language");
        language.setEditable(true);
        language.setPromptText("espeak-ng voice, e.g. en-us");
        language.valueProperty().bindBidirectional(vm.espeakVoiceProperty());
        Button train = new Button("Train");
        train.setId("train");
        train.disableProperty().bind(vm.runningProperty().or(vm.voiceNameProperty().isEmpty()));
        train.setOnAction(e -> vm.train());
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button resume = new Button("Resume");
        // Only a run that stopped short can continue; the backend refuses the rest.
        resume.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !List.of("failed", "cancelled", "interrupted").contains(vm.runStatusProperty().get()), vm.runStatusProperty()));
        resume.setOnAction(e -> vm.resume());
        GridPane form = new GridPane(8, 6);
        character.setMaxWidth(Double.MAX_VALUE);
        base.setMaxWidth(Double.MAX_VALUE);
        form.addRow(0, new Label("Character"), character);
        form.addRow(1, new Label("Name"), name);
        form.addRow(2, new Label("Base"), base);
        form.addRow(3, new Label("Epochs"), epochs);
        form.addRow(4, new Label("Batch size"), batch);
        form.addRow(5, new Label("Quality"), quality);
        form.addRow(6, new Label("Language"), language);
        // The labels keep their words; the fields take what width is left.
        form.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(Region.USE_PREF_SIZE, Region.USE_COMPUTED_SIZE,
                Region.USE_PREF_SIZE), new javafx.scene.layout.ColumnConstraints(120, Region.USE_COMPUTED_SIZE, Double.MAX_VALUE,
                Priority.ALWAYS, javafx.geometry.HPos.LEFT, true));
        VBox box = new VBox(6, Views.title("3 · Train"), form, new HBox(6, train, cancel, resume));
        box.getStyleClass().add("card");
        return box;
    }

    private static boolean isAudio(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".wav") || n.endsWith(".mp3") || n.endsWith(".ogg") || n.endsWith(".flac");
    }
}
