package dev.vtubermiku.gui.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.gui.audio.AudioPlayer;
import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.Multipart;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.ChatBody;
import dev.vtubermiku.protocol.ChatHistoryPage;
import dev.vtubermiku.protocol.ChatLogEntry;
import dev.vtubermiku.protocol.ChatResponse;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.SwitchCharacterRequest;
import dev.vtubermiku.protocol.TranscriptResponse;
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
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Chat tab. The conversation is built from events (chat.message, chat.token, chat.response),
 * so replies stream in as the LLM writes them and lines started elsewhere (another client, the
 * voice loop) show too. Sending is {@code POST /api/chat}; a spoken reply is heard as it streams
 * ({@link DesktopVoice}), and its answer's WAV is fetched only to play it again.
 */
public final class ChatViewModel implements AutoCloseable {

    private static final int MAX_LINES = 500;

    private final BackendClient client;
    private final Executor ui;
    private final SoundSystem sound;
    private final ObservableList<CharacterInfo> characters = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable CharacterInfo> active = new SimpleObjectProperty<>();
    private final ObservableList<ChatLine> lines = FXCollections.observableArrayList();
    private final Map<String, ChatLine> replies = new HashMap<>();
    private final StringProperty input = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper sending = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty speakReplies = new SimpleBooleanProperty(false);
    private final DoubleProperty volume = new SimpleDoubleProperty(0.8);
    private final ObservableList<String> outputs = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable String> output = new SimpleObjectProperty<>();
    private final ObservableList<String> inputs = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable String> microphone = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper audioStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper transcribing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper micLevel = new ReadOnlyDoubleWrapper(0);
    private final BooleanBinding canSend;
    private @Nullable String lastAudioUrl;
    private @Nullable CompletableFuture<SoundSystem.Recording> recordingNow;

    public ChatViewModel(BackendClient client, Executor ui, SoundSystem sound) {
        this.client = client;
        this.ui = ui;
        this.sound = sound;
        this.canSend = Bindings.createBooleanBinding(() -> !input.get().isBlank() && !sending.get(), input, sending);
        volume.addListener((o, a, b) -> sound.volume(b.doubleValue()));
        ui.execute(this::refreshDevices);
    }

    /** Looks for sound devices again (a headset plugged in); the controls say when there are none. */
    public void refreshDevices() {
        CompletableFuture.supplyAsync(() -> List.of(sound.outputs(), sound.inputs())).thenAcceptAsync(found -> {
            outputs.setAll(found.get(0));
            inputs.setAll(found.get(1));
            if (output.get() != null && !outputs.contains(output.get())) {
                output.set(null);
            }
            if (microphone.get() != null && !inputs.contains(microphone.get())) {
                microphone.set(null);
            }
            audioStatus.set(found.get(0).isEmpty() && found.get(1).isEmpty() ? "No audio device: replies are shown, not played; push-to-talk is off"
                    : found.get(0).isEmpty() ? "No audio output device: replies are shown, not played"
                    : found.get(1).isEmpty() ? "No microphone: push-to-talk is off" : "");
        }, ui);
    }

    /** Loads the characters, the active one and her recent history. */
    public CompletableFuture<Void> refresh() {
        return Tasks.then(client.get("/api/characters", CharacterInfo[].class), ui, list -> {
            characters.setAll(list);
            CharacterInfo now = characters.stream().filter(CharacterInfo::active).findFirst().orElse(null);
            if (now == null || active.get() == null || active.get().id() != now.id()) {
                active.set(now);
                if (now != null) {
                    loadHistory(now);
                }
            } else {
                active.set(now);
            }
        }, error -> message.set("Could not load the characters: " + error));
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
        CharacterInfo to = active.get();
        input.set("");
        sending.set(true);
        message.set("");
        boolean speak = speakReplies.get() && !outputs.isEmpty();
        Tasks.then(client.post("/api/chat", new ChatBody(text, to == null ? null : to.id(), speak), ChatResponse.class), ui,
                response -> {
                    sending.set(false);
                    if (speak && response.audioUrl() != null) {
                        lastAudioUrl = response.audioUrl(); // already heard as it streamed: kept to play again
                    } else if (speak && response.audioError() != null) {
                        audioStatus.set("Not spoken: " + response.audioError());
                    }
                }, error -> {
                    sending.set(false);
                    message.set(error);
                    if (input.get().isEmpty()) {
                        input.set(text); // nothing lost: the line can be sent again
                    }
                });
    }

    /** Plays the last spoken reply again (its WAV, fetched now). */
    public void play() {
        String url = lastAudioUrl;
        if (url == null) {
            audioStatus.set("Nothing to play yet: turn on 'Speak replies' and send a line");
        } else if (outputs.isEmpty()) {
            audioStatus.set("No audio output device");
        } else {
            Tasks.then(client.getBytes(url), ui, wav -> {
                playing.set(true);
                sound.play(wav, output.get(), volume.get(), this::played);
            }, error -> audioStatus.set("Could not fetch the reply's audio: " + error));
        }
    }

    private void played(AudioPlayer.Report report) {
        ui.execute(() -> {
            playing.set(report.playing());
            if (report.error() != null) {
                audioStatus.set(report.error());
            }
        });
    }

    public void stop() {
        sound.stop();
        playing.set(false);
    }

    /** Push-to-talk pressed: records from the microphone (opened off the UI thread; that can take a while). */
    public void startTalking() {
        if (recording.get() || transcribing.get()) {
            return;
        }
        recording.set(true);
        audioStatus.set("Listening… release to send");
        String device = microphone.get();
        CompletableFuture<SoundSystem.Recording> opening = CompletableFuture.supplyAsync(
                () -> sound.record(device, level -> ui.execute(() -> micLevel.set(level))));
        recordingNow = opening;
        opening.whenCompleteAsync((r, error) -> {
            if (error != null) {
                recording.set(false);
                if (recordingNow == opening) {
                    recordingNow = null;
                }
                audioStatus.set(BackendException.describe(error));
            }
        }, ui);
    }

    /** Push-to-talk released: the recording goes to /api/stt and the text into the input. */
    public CompletableFuture<Void> stopTalking() {
        CompletableFuture<SoundSystem.Recording> r = recordingNow;
        recordingNow = null;
        recording.set(false);
        micLevel.set(0);
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        transcribing.set(true);
        audioStatus.set("Transcribing…");
        CompletableFuture<TranscriptResponse> work = r.thenCompose(SoundSystem.Recording::stop).thenCompose(this::transcribe);
        return Tasks.then(work, ui, transcript -> {
            transcribing.set(false);
            String text = transcript.text().strip();
            if (text.isEmpty()) {
                audioStatus.set("Nothing was recognised (" + String.format(java.util.Locale.ROOT, "%.1f", transcript.duration()) + " s)");
            } else {
                input.set(input.get().isBlank() ? text : input.get().strip() + " " + text);
                audioStatus.set("");
            }
        }, error -> {
            transcribing.set(false);
            audioStatus.set(error.startsWith("No microphone") ? error : "Speech recognition failed: " + error);
        });
    }

    /** Sends a WAV recording to {@code /api/stt}. */
    public CompletableFuture<TranscriptResponse> transcribe(byte[] wav) {
        return client.postMultipart("/api/stt", new Multipart().file("file", "push-to-talk.wav", "audio/wav", wav),
                TranscriptResponse.class, null);
    }

    /** Makes {@code character} the active one; the event that follows updates the view. */
    public CompletableFuture<Void> switchTo(CharacterInfo character) {
        CharacterInfo current = active.get();
        if (current != null && current.id() == character.id()) {
            return CompletableFuture.completedFuture(null);
        }
        return Tasks.then(client.post("/api/switch_character", new SwitchCharacterRequest(character.id()), JsonNode.class), ui,
                ok -> { }, error -> message.set("Could not switch: " + error));
    }

    /** Imports a SillyTavern card (JSON or PNG); she appears in the picker. */
    public CompletableFuture<@Nullable CharacterInfo> importCard(String filename, byte[] file) {
        String type = filename.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "image/png" : "application/json";
        CompletableFuture<@Nullable CharacterInfo> done = new CompletableFuture<>();
        Tasks.then(client.postBytes("/api/characters/import", file, type, CharacterInfo.class), ui, imported -> {
            message.set("Imported " + imported.name() + " from " + filename);
            refresh();
            done.complete(imported);
        }, error -> {
            message.set("Could not import " + filename + ": " + error);
            done.complete(null);
        });
        return done;
    }

    /** Shows a problem the view ran into (a card file it could not read); on the UI thread. */
    public void report(String problem) {
        message.set(problem);
    }

    /** From the event thread. */
    public void onEvent(EventEnvelope event) {
        ui.execute(() -> apply(event));
    }

    private void apply(EventEnvelope event) {
        Map<String, Object> d = event.data();
        String turn = d.get("turn_id") instanceof String s ? s : null;
        String name = d.get("character_name") instanceof String s ? s : "";
        switch (event.type()) {
            case EventTypes.CHAT_MESSAGE -> {
                if (turn != null && replies.containsKey(turn)) {
                    return;
                }
                add(new ChatLine(ChatLine.Role.USER, "You", turn, String.valueOf(d.getOrDefault("text", "")), event.timestamp()));
                ChatLine reply = new ChatLine(ChatLine.Role.CHARACTER, name, turn, "", event.timestamp());
                reply.streamingProperty().set(true);
                if (turn != null) {
                    replies.put(turn, reply);
                }
                add(reply);
            }
            case EventTypes.CHAT_TOKEN -> {
                ChatLine reply = reply(turn, name, event.timestamp());
                reply.textProperty().set(reply.textProperty().get() + d.getOrDefault("text", ""));
            }
            case EventTypes.CHAT_RESPONSE -> {
                ChatLine reply = reply(turn, name, event.timestamp());
                if (d.get("text") instanceof String text) {
                    reply.textProperty().set(text);
                }
                reply.emotionProperty().set(d.get("emotion") instanceof String e ? e : "");
                reply.timeProperty().set(event.timestamp());
                reply.streamingProperty().set(false);
                replies.remove(turn);
            }
            case EventTypes.ERROR_OCCURRED -> {
                if (turn != null && replies.containsKey(turn)) {
                    ChatLine reply = replies.remove(turn);
                    reply.streamingProperty().set(false);
                    reply.failedProperty().set(true);
                    String partial = d.get("partial_text") instanceof String p ? p : "";
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

    public ObservableList<CharacterInfo> characters() {
        return characters;
    }

    public ObjectProperty<@Nullable CharacterInfo> activeProperty() {
        return active;
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

    public DoubleProperty volumeProperty() {
        return volume;
    }

    public ObservableList<String> outputs() {
        return outputs;
    }

    public ObjectProperty<@Nullable String> outputProperty() {
        return output;
    }

    public ObservableList<String> inputs() {
        return inputs;
    }

    public ObjectProperty<@Nullable String> microphoneProperty() {
        return microphone;
    }

    public ReadOnlyStringProperty audioStatusProperty() {
        return audioStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty transcribingProperty() {
        return transcribing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty micLevelProperty() {
        return micLevel.getReadOnlyProperty();
    }

    public BackendClient client() {
        return client;
    }

    @Override
    public void close() {
        sound.stop();
    }
}
