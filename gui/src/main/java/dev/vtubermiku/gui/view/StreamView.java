package dev.vtubermiku.gui.view;

import dev.vtubermiku.gui.vm.ServiceRow;
import dev.vtubermiku.gui.vm.StatusViewModel;
import dev.vtubermiku.gui.vm.StreamLine;
import dev.vtubermiku.gui.vm.StreamViewModel;
import dev.vtubermiku.protocol.AudienceQueueItem;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Stream tab: Twitch and YouTube chat as it comes, the queue of messages she may answer (with
 * why each is there), Answer now / Skip / Block for the selected one, the connections, and Hold.
 */
final class StreamView extends BorderPane {

    private final Timeline pump;
    private boolean following = true;

    StreamView(StreamViewModel vm, StatusViewModel status) {
        setId("stream-view");
        ToggleButton hold = new ToggleButton("Hold");
        hold.setId("audience-hold");
        hold.setSelected(vm.holdProperty().get());
        vm.holdProperty().addListener((o, a, on) -> hold.setSelected(on));
        hold.setOnAction(e -> vm.hold(hold.isSelected()));
        hold.textProperty().bind(javafx.beans.binding.Bindings.when(hold.selectedProperty())
                .then("On hold: she answers no viewer").otherwise("Hold"));
        Label state = new Label();
        state.setId("audience-state");
        state.textProperty().bind(vm.stateProperty());
        HBox bar = new HBox(10, hold, state, Views.grow(), connection("twitch", status), connection("youtube", status));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 10, 8, 10));

        ListView<StreamLine> chat = new ListView<>(vm.chat());
        chat.setId("stream-chat");
        chat.setPlaceholder(Views.hint("No chat yet. Twitch and YouTube messages appear here as they arrive."));
        chat.setCellFactory(v -> new TextCell<>(StreamLine::display));
        VBox left = new VBox(4, Views.title("Live chat"), chat);
        VBox.setVgrow(chat, javafx.scene.layout.Priority.ALWAYS);

        ListView<AudienceQueueItem> queue = new ListView<>(vm.queue());
        queue.setId("audience-queue");
        queue.setPlaceholder(Views.hint("Nothing waiting for her answer."));
        queue.setCellFactory(v -> new TextCell<>(StreamView::describe));
        keepSelection(queue);
        Button answer = action("Answer now", "answer-now", queue, vm::answerNow);
        Button skip = action("Skip", "skip", queue, vm::skip);
        Button block = action("Block user", "block-user", queue, vm::block);
        Label message = new Label();
        message.setId("stream-message");
        message.getStyleClass().add("hint");
        message.textProperty().bind(vm.messageProperty());
        HBox buttons = new HBox(8, answer, skip, block);
        VBox right = new VBox(4, Views.title("Her queue"), queue, buttons, message);
        VBox.setVgrow(queue, javafx.scene.layout.Priority.ALWAYS);
        left.setPadding(new Insets(0, 6, 8, 10));
        right.setPadding(new Insets(0, 10, 8, 6));

        SplitPane split = new SplitPane(left, right);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.55);
        setTop(bar);
        setCenter(split);
        chat.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> following = e.getDeltaY() < 0);
        // Five batches a second: a raid's hundreds of lines cost the FX thread a few list changes.
        pump = new Timeline(new KeyFrame(Duration.millis(200), e -> {
            if (vm.flush() > 0 && following && !vm.chat().isEmpty()) {
                chat.scrollTo(vm.chat().size() - 1);
            }
        }), new KeyFrame(Duration.millis(1000), e -> vm.refresh()));
        pump.setCycleCount(Timeline.INDEFINITE);
        pump.play();
    }

    void stop() {
        pump.stop();
    }

    static String describe(AudienceQueueItem item) {
        return (item.answerNow() ? "▶ " : "") + item.userName() + " (" + item.platform() + "): " + item.text()
                + "\n    " + String.join(" · ", item.why()) + " · score " + String.format(Locale.ROOT, "%.0f", item.score())
                + " · " + item.ageMs() / 1000 + " s ago";
    }

    /** The queue is fetched again every second (ages change): the selected message stays selected by its id. */
    private static void keepSelection(ListView<AudienceQueueItem> queue) {
        long[] selected = {-1};
        queue.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null) {
                selected[0] = item.id();
            }
        });
        queue.getItems().addListener((ListChangeListener<AudienceQueueItem>) c -> {
            AudienceQueueItem again = queue.getItems().stream().filter(i -> i.id() == selected[0]).findFirst().orElse(null);
            if (again == null) {
                selected[0] = -1;
                queue.getSelectionModel().clearSelection();
            } else {
                queue.getSelectionModel().select(again);
            }
        });
    }

    private static Button action(String text, String id, ListView<AudienceQueueItem> queue, Consumer<AudienceQueueItem> act) {
        Button button = new Button(text);
        button.setId(id);
        button.disableProperty().bind(queue.getSelectionModel().selectedItemProperty().isNull());
        button.setOnAction(e -> {
            AudienceQueueItem item = queue.getSelectionModel().getSelectedItem();
            if (item != null) {
                act.accept(item);
            }
        });
        return button;
    }

    /** A platform's connection as the backend's status reports it (service twitch / youtube). */
    private static HBox connection(String platform, StatusViewModel status) {
        Region dot = new Region();
        dot.getStyleClass().add("dot");
        Label label = new Label();
        label.setId("connection-" + platform);
        Runnable update = () -> {
            ServiceRow row = status.services().stream().filter(r -> r.name().equals(platform)).findFirst().orElse(null);
            String state = row == null ? "off" : row.stateProperty().get();
            Views.dot(dot, row == null ? "unknown" : state);
            label.setText(platform + ": " + (row == null ? "not configured" : state));
            if (row != null) {
                row.stateProperty().addListener((o, a, b) -> {
                    Views.dot(dot, b);
                    label.setText(platform + ": " + b);
                });
            }
        };
        status.services().addListener((ListChangeListener<ServiceRow>) c -> update.run());
        update.run();
        HBox box = new HBox(6, dot, label);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** A list cell showing an item as text. */
    private static final class TextCell<T> extends ListCell<T> {
        private final java.util.function.Function<T, String> text;

        TextCell(java.util.function.Function<T, String> text) {
            this.text = text;
            setWrapText(true);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : text.apply(item));
        }
    }
}
