package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Chat tab's ViewModel against a real backend (echo LLM, fixture voice and Whisper model). */
class ChatViewModelTest {

    @TempDir
    static Path dir;
    private static TestBackend backend;
    private final UiThread ui = new UiThread();
    private CommandCenterModel model;

    @BeforeAll
    static void startBackend() {
        backend = Backends.start(dir, Backends.freePort());
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    private ChatViewModel start(FakeSound sound) {
        model = new CommandCenterModel(new BackendClient(Backends.base(backend.port()), null), ui, sound);
        model.start();
        ChatViewModel chat = model.chat();
        ui.await("the characters", () -> chat.picker().activeProperty().get() != null);
        return chat;
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.close();
        }
        ui.close();
    }

    @Test
    void aSentLineStreamsItsReplyIntoTheConversation() {
        ChatViewModel chat = start(FakeSound.none());
        String who = ui.call(() -> chat.picker().activeProperty().get().name());
        List<String> seen = new CopyOnWriteArrayList<>();
        ui.run(() -> chat.lines().addListener((javafx.collections.ListChangeListener<ChatLine>) c -> {
            while (c.next()) {
                c.getAddedSubList().stream().filter(l -> l.role() == ChatLine.Role.CHARACTER)
                        .forEach(l -> l.textProperty().addListener((o, a, b) -> seen.add(b)));
            }
        }));
        ui.run(() -> {
            chat.inputProperty().set("hello from the test");
            chat.send();
        });
        assertThat(ui.call(() -> chat.inputProperty().get())).isEmpty();
        // The reply to this line, not one of the history (an earlier test's exchange may be loaded).
        ui.await("the finished reply", () -> replyTo(chat, "hello from the test") != null
                && !replyTo(chat, "hello from the test").streamingProperty().get()
                && !replyTo(chat, "hello from the test").textProperty().get().isEmpty());
        ChatLine reply = ui.call(() -> replyTo(chat, "hello from the test"));
        ChatLine mine = ui.call(() -> chat.lines().get(chat.lines().indexOf(reply) - 1));
        assertThat(mine.role()).isEqualTo(ChatLine.Role.USER);
        assertThat(mine.textProperty().get()).isEqualTo("hello from the test");
        assertThat(reply.speaker()).isEqualTo(who);
        assertThat(reply.textProperty().get()).contains("You said: \"hello from the test\"");
        assertThat(reply.emotionProperty().get()).isEqualTo("neutral");
        assertThat(seen.size()).as("the reply grew token by token before it was final").isGreaterThan(5);
        assertThat(seen.getFirst().length()).isLessThan(reply.textProperty().get().length());
    }

    /** The character's line that follows the user's {@code line}, or null while there is none. */
    private static @org.jspecify.annotations.Nullable ChatLine replyTo(ChatViewModel chat, String line) {
        List<ChatLine> lines = chat.lines();
        for (int i = lines.size() - 2; i >= 0; i--) {
            if (lines.get(i).role() == ChatLine.Role.USER && lines.get(i).textProperty().get().equals(line)) {
                return lines.get(i + 1).role() == ChatLine.Role.CHARACTER ? lines.get(i + 1) : null;
            }
        }
        return null;
    }

    @Test
    void spokenRepliesAreHeardAsTheyStreamOnTheOutputDeviceOnceAndCanBePlayedAgain() {
        FakeSound sound = new FakeSound(List.of("Speakers"), List.of(), null);
        ChatViewModel chat = start(sound);
        ui.await("the output device", () -> !chat.devices().outputs().isEmpty());
        ui.run(() -> {
            chat.speakRepliesProperty().set(true);
            chat.devices().volumeProperty().set(0.5);
            chat.inputProperty().set("speak to me");
            chat.send();
        });
        // As a desktop listener: her frames are played as they arrive, not a WAV after the reply.
        ui.await("her streamed voice", () -> sound.voiceOutputs.stream().anyMatch(o -> !o.played.isEmpty()));
        ui.await("the answer", () -> !chat.sendingProperty().get());
        FakeSound.FakeVoiceOutput out = sound.voiceOutputs.getFirst();
        assertThat(out.written).allSatisfy(f -> assertThat(f.sampleRate()).isEqualTo(22_050));
        assertThat(out.written.stream().map(f -> f.turnId()).distinct()).hasSize(1);
        assertThat(sound.volume).isEqualTo(0.5);
        assertThat(sound.played).as("heard once, as it streamed: the reply's WAV is not played as well").isEmpty();

        ui.run(chat.devices()::play); // play it again: the reply's WAV
        ui.await("the replayed reply", () -> !sound.played.isEmpty());
        assertThat(new String(sound.played.getFirst(), 0, 4)).isEqualTo("RIFF");
    }

    @Test
    void withoutAudioDevicesTheControlsSaySoAndNothingBreaks() {
        ChatViewModel chat = start(FakeSound.none());
        ui.await("the device check", () -> !chat.devices().audioStatusProperty().get().isEmpty());
        assertThat(ui.call(() -> chat.devices().audioStatusProperty().get())).startsWith("No audio device");
        ui.run(chat.pushToTalk()::startTalking);
        ui.await("the microphone check", () -> !chat.pushToTalk().recordingProperty().get());
        assertThat(ui.call(() -> chat.devices().audioStatusProperty().get())).contains("No microphone");
        ui.run(chat.devices()::play);
        assertThat(ui.call(() -> chat.devices().audioStatusProperty().get())).contains("Nothing to play yet");
    }

    @Test
    void pushToTalkSendsTheRecordingToSpeechRecognition() {
        byte[] jfk = Fixtures.bytes("audio/jfk.wav");
        ChatViewModel chat = start(new FakeSound(List.of(), List.of("Mic"), jfk));
        ui.await("the microphone", () -> !chat.devices().inputs().isEmpty());
        ui.run(chat.pushToTalk()::startTalking);
        assertThat(ui.call(() -> chat.pushToTalk().recordingProperty().get())).isTrue();
        ui.call(chat.pushToTalk()::stopTalking).join();
        assertThat(ui.call(() -> chat.pushToTalk().recordingProperty().get())).isFalse();
        ui.await("the transcript", () -> !chat.pushToTalk().transcribingProperty().get());
        // The fixture Whisper model has no weights: it hears nothing, but the whole path ran (11.0 s decoded).
        assertThat(ui.call(() -> chat.devices().audioStatusProperty().get())).isEqualTo("Nothing was recognised (11.0 s)");
    }

    @Test
    void switchingCharacterMakesHerActiveEverywhere() {
        ChatViewModel chat = start(FakeSound.none());
        CharacterInfo other = ui.call(() -> chat.picker().characters().stream().filter(c -> !c.active()).findFirst().orElseThrow());
        ui.call(() -> chat.picker().switchTo(other)).join();
        ui.await("the switch event", () -> chat.picker().activeProperty().get() != null && chat.picker().activeProperty().get().id() == other.id());
        assertThat(backend.get("/api/characters").body()).contains("\"id\":" + other.id());
        assertThat(ui.call(() -> chat.picker().characters().stream().filter(CharacterInfo::active).map(CharacterInfo::id).toList()))
                .containsExactly(other.id());
    }

    @Test
    void aSillyTavernCardIsImportedAndAppearsInThePicker() throws Exception {
        ChatViewModel chat = start(FakeSound.none());
        byte[] card;
        try (var in = getClass().getResourceAsStream("/cards/aria-v2.json")) {
            card = in.readAllBytes();
        }
        CharacterInfo aria = ui.call(() -> chat.cards().importCard("aria-v2.json", card)).join();
        assertThat(aria).isNotNull();
        assertThat(aria.name()).isEqualTo("Aria");
        ui.await("Aria in the picker", () -> chat.picker().characters().stream().anyMatch(c -> c.name().equals("Aria")));
    }

    @Test
    void theEditorCreatesAndUpdatesACharacter() {
        ChatViewModel chat = start(FakeSound.none());
        CharacterFormViewModel form = new CharacterFormViewModel(chat.client(), ui, null);
        assertThat(ui.call(() -> form.validProperty().get())).isFalse();
        ui.run(() -> {
            form.nameProperty().set("Aoi");
            form.personalityProperty().set("calm");
        });
        assertThat(ui.call(() -> form.validProperty().get())).isTrue();
        CharacterInfo aoi = ui.call(form::save).join();
        assertThat(aoi).isNotNull();
        assertThat(aoi.personality()).isEqualTo("calm");
        CharacterFormViewModel edit = new CharacterFormViewModel(chat.client(), ui, aoi);
        ui.run(() -> edit.personalityProperty().set("calm, curious"));
        assertThat(ui.call(edit::save).join().personality()).isEqualTo("calm, curious");
        ui.await("the voices", () -> !edit.voices().isEmpty());

        CharacterFormViewModel bad = new CharacterFormViewModel(chat.client(), ui, null);
        ui.run(() -> bad.nameProperty().set("A".repeat(5000)));
        assertThat(ui.call(bad::save).join()).as("a name far too long is refused").isNull();
        assertThat(ui.call(() -> bad.errorProperty().get())).contains("name");
    }
}
