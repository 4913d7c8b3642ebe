package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.ChatBody;
import dev.vtubermiku.protocol.ChatHistoryPage;
import dev.vtubermiku.protocol.ChatLogEntry;
import dev.vtubermiku.protocol.ChatResponse;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.ChatMessage;
import dev.vtubermiku.protocol.event.ChatReplied;
import dev.vtubermiku.protocol.event.ChatToken;
import dev.vtubermiku.protocol.event.ErrorOccurred;
import dev.vtubermiku.protocol.event.EventPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Chat tab's conversation. It is built from events (chat.message, chat.token, chat.response),
 * so replies stream in as the LLM writes them and lines started elsewhere (another client, the
 * voice loop) show too. Sending is {@code POST /api/chat}; a spoken reply is heard as it streams
 * ({@link DesktopVoice}), and its answer's WAV is fetched only to play it again. The tab's other
 * parts have view models of their own: the {@link #picker() character picker}, {@link #cards() card
 * import}, the {@link #devices() sound devices} and {@link #pushToTalk() push-to-talk}.
 */
public final class ChatViewModel implements AutoCloseable {

    private static final int MAX_LINES = 500;

    private final BackendClient client;
    private final Executor ui;
    private final ObservableList<ChatLine> lines = FXCollections.observableArrayList();
    private final Map<String, ChatLine> replies = new HashMap<>();
    private final StringProperty input = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper sending = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty speakReplies = new SimpleBooleanProperty(false);
    private final BooleanBinding canSend;
    private final AudioDevicesViewModel devices;
    private final CharacterPickerViewModel picker;
    private final CardImportViewModel cards;
    private final PushToTalkViewModel pushToTalk;

    public ChatViewModel(BackendClient client, Executor ui, SoundSystem sound) {
        this.client = client;
        this.ui = ui;
        this.canSend = Bindings.createBooleanBinding(() -> !input.get().isBlank() && !sending.get(), input, sending);
        this.devices = new AudioDevicesViewModel(client, ui, sound);
        this.picker = new CharacterPickerViewModel(client, ui, message::set, this::loadHistory);
        this.cards = new CardImportViewModel(client, ui, picker, message::set);
        this.pushToTalk = new PushToTalkViewModel(client, ui, sound, devices, input);
    }

    /** Loads the characters, the active one and her recent history. */
    public CompletableFuture<Void> refresh() {
        return picker.refresh();
    }

    private void loadHistory(CharacterInfo character) {
        // Lines shown now belong to the view being replaced; anything added while the history is on
        // its way (a line sent right away, its reply) is live and stays, after her history.
        java.util.Set<ChatLine> shown = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        shown.addAll(lines);
        Tasks.then(client.get("/api/chat/history?character_id=" + character.id() + "&limit=50", ChatHistoryPage.class), ui,
                page -> {
                    List<ChatLine> loaded = new ArrayList<>();
                    List<ChatLogEntry> items = new ArrayList<>(page.items());
                    java.util.Collections.reverse(items);
                    List<ChatLine> live = lines.stream()
                            .filter(l -> !shown.contains(l) || l.streamingProperty().get() || l.role() == ChatLine.Role.NOTICE)
                            .toList();
                    for (ChatLogEntry e : items) {
                        if (live.stream().anyMatch(l -> l.role() == ChatLine.Role.CHARACTER
                                && l.textProperty().get().equals(e.characterResponse()))) {
                            continue; // stored while the history was read: it is already shown, live
                        }
                        loaded.add(new ChatLine(ChatLine.Role.USER, "You", null, e.userMessage(), e.timestamp()));
                        ChatLine reply = new ChatLine(ChatLine.Role.CHARACTER, character.name(), null, e.characterResponse(),
                                e.timestamp());
                        reply.emotionProperty().set(e.emotion() == null ? "" : e.emotion());
                        loaded.add(reply);
                    }
                    loaded.addAll(live);
                    lines.setAll(loaded);
                }, error -> message.set("Could not load the history: " + error));
    }

    /** Sends the input as a chat line; on the UI thread. */
    public void send() {
        String text = input.get().strip();
        if (text.isEmpty() || sending.get()) {
            return;
        }
        CharacterInfo to = picker.activeProperty().get();
        input.set("");
        sending.set(true);
        message.set("");
        boolean speak = speakReplies.get() && !devices.outputs().isEmpty();
        Tasks.then(client.post("/api/chat", new ChatBody(text, to == null ? null : to.id(), speak), ChatResponse.class), ui,
                response -> {
                    sending.set(false);
                    if (speak && response.audioUrl() != null) {
                        devices.spoken(response.audioUrl()); // already heard as it streamed: kept to play again
                    } else if (speak && response.audioError() != null) {
                        devices.status("Not spoken: " + response.audioError());
                    }
                }, error -> {
                    sending.set(false);
                    message.set(error);
                    if (input.get().isEmpty()) {
                        input.set(text); // nothing lost: the line can be sent again
                    }
                });
    }

    /** From the event thread. */
    public void onEvent(EventEnvelope event) {
        ui.execute(() -> apply(event));
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case EventTypes.CHAT_MESSAGE -> {
                ChatMessage m = EventPayload.decode(event.data(), ChatMessage.class);
                String turn = m.turnId();
                if (replies.containsKey(turn)) {
                    return;
                }
                add(new ChatLine(ChatLine.Role.USER, "You", turn, m.text(), event.timestamp()));
                ChatLine reply = new ChatLine(ChatLine.Role.CHARACTER, m.characterName(), turn, "", event.timestamp());
                reply.streamingProperty().set(true);
                replies.put(turn, reply);
                add(reply);
            }
            case EventTypes.CHAT_TOKEN -> {
                ChatToken t = EventPayload.decode(event.data(), ChatToken.class);
                ChatLine reply = reply(t.turnId(), t.characterName(), event.timestamp());
                reply.textProperty().set(reply.textProperty().get() + t.text());
            }
            case EventTypes.CHAT_RESPONSE -> {
                ChatReplied r = EventPayload.decode(event.data(), ChatReplied.class);
                ChatLine reply = reply(r.turnId(), r.characterName(), event.timestamp());
                reply.textProperty().set(r.text());
                reply.emotionProperty().set(r.emotion());
                reply.timeProperty().set(event.timestamp());
                reply.streamingProperty().set(false);
                replies.remove(r.turnId());
            }
            case EventTypes.ERROR_OCCURRED -> {
                ErrorOccurred e = EventPayload.decode(event.data(), ErrorOccurred.class);
                String turn = e.turnId();
                if (turn != null && replies.containsKey(turn)) {
                    ChatLine reply = replies.remove(turn);
                    reply.streamingProperty().set(false);
                    reply.failedProperty().set(true);
                    String partial = e.partialText() == null ? "" : e.partialText();
                    reply.textProperty().set(partial.isEmpty() ? "(no reply: " + event.message() + ")"
                            : partial + " … (" + event.message() + ")");
                }
            }
            case EventTypes.CHARACTER_SWITCHED -> {
                add(new ChatLine(ChatLine.Role.NOTICE, "", null, event.message(), event.timestamp()));
                refresh();
            }
            default -> { }
        }
    }

    private ChatLine reply(@Nullable String turn, String name, Instant time) {
        ChatLine reply = turn == null ? null : replies.get(turn);
        if (reply == null) {
            reply = new ChatLine(ChatLine.Role.CHARACTER, name, turn, "", time);
            reply.streamingProperty().set(true);
            if (turn != null) {
                replies.put(turn, reply);
            }
            add(reply);
        }
        return reply;
    }

    private void add(ChatLine line) {
        lines.add(line);
        if (lines.size() > MAX_LINES) {
            lines.remove(0, lines.size() - MAX_LINES);
        }
    }

    public ObservableList<ChatLine> lines() {
        return lines;
    }

    public StringProperty inputProperty() {
        return input;
    }

    public BooleanBinding canSendProperty() {
        return canSend;
    }

    public ReadOnlyBooleanProperty sendingProperty() {
        return sending.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public BooleanProperty speakRepliesProperty() {
        return speakReplies;
    }

    /** The characters and the active one. */
    public CharacterPickerViewModel picker() {
        return picker;
    }

    /** SillyTavern card import. */
    public CardImportViewModel cards() {
        return cards;
    }

    /** Sound outputs, microphones, volume and playing a reply again. */
    public AudioDevicesViewModel devices() {
        return devices;
    }

    public PushToTalkViewModel pushToTalk() {
        return pushToTalk;
    }

    public BackendClient client() {
        return client;
    }

    @Override
    public void close() {
        devices.close();
    }
}
