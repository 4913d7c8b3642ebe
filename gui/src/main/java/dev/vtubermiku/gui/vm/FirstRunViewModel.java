package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.LlmEndpoints;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.ConfigResponse;
import dev.vtubermiku.protocol.ConfigUpdateResponse;
import dev.vtubermiku.protocol.SwitchCharacterRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The first-run guide: five steps from a fresh install to a character on air: her LLM, her voice,
 * your microphone, which character, and the overlay. Every step can be skipped; Next saves its
 * choice the way the Status tab does ({@code POST /api/config}, which writes {@code .env}).
 * It opens by itself once; Help opens it again.
 */
public final class FirstRunViewModel {

    /** The steps, in order. */
    public enum Step {
        LLM("Her mind"),
        VOICE("Her voice"),
        MICROPHONE("Microphone"),
        CHARACTER("Who she is"),
        OVERLAY("On air");

        private final String title;

        Step(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final BackendClient client;
    private final Executor ui;
    private final GuideMemory memory;
    private final Consumer<@Nullable String> useMicrophone;
    private final LlmChoiceViewModel llm;
    private final VoicePickViewModel voice;
    private final MicCheckViewModel mic;
    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.LLM);
    private final BooleanProperty open = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObservableList<CharacterInfo> characters = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable CharacterInfo> character = new SimpleObjectProperty<>();
    private final StringProperty overlayUrl = new SimpleStringProperty("");
    private final BooleanProperty overlayAvailable = new SimpleBooleanProperty();
    private final StringProperty overlayNote = new SimpleStringProperty("");
    private volatile String modelsDir = "./models";

    /** @param useMicrophone hears the microphone picked in the guide (the Chat tab uses it from then on) */
    public FirstRunViewModel(BackendClient client, Executor ui, SoundSystem sound, LlmEndpoints endpoints, GuideMemory memory,
            Consumer<@Nullable String> useMicrophone) {
        this.client = client;
        this.ui = ui;
        this.memory = memory;
        this.useMicrophone = useMicrophone;
        this.llm = new LlmChoiceViewModel(endpoints, ui);
        this.voice = new VoicePickViewModel(client, ui, sound);
        this.mic = new MicCheckViewModel(sound, ui);
        step.addListener((o, before, now) -> {
            if (now == Step.MICROPHONE) {
                mic.start();
            } else if (before == Step.MICROPHONE) {
                mic.stop();
            }
        });
    }

    /** Whether the guide should open by itself (it has not been seen on this machine yet). */
    public boolean firstRun() {
        return !memory.seen();
    }

    /** Opens the guide at its first step and loads what every step shows. */
    public CompletableFuture<Void> open() {
        step.set(Step.LLM);
        message.set("");
        open.set(true);
        return reload();
    }

    /** Loads (again) what the steps show: after the backend came back, say. */
    public CompletableFuture<Void> reload() {
        CompletableFuture<Void> config = client.get("/api/config", ConfigResponse.class).thenCompose(c -> {
            modelsDir = value(c, "MODELS_DIR", "./models");
            return llm.detect(value(c, "LLM_LOCAL_URL", ""), value(c, "LLM_BASE_URL", "https://openrouter.ai/api/v1"));
        }).exceptionallyAsync(e -> {
            message.set("The backend is not answering yet: " + BackendException.describe(e));
            return null;
        }, ui);
        CompletableFuture<Void> list = Tasks.then(client.get("/api/characters", CharacterInfo[].class), ui, all -> {
            characters.setAll(Arrays.stream(all).filter(c -> !c.archived()).toList());
            character.set(characters.stream().filter(CharacterInfo::active).findFirst()
                    .orElse(characters.isEmpty() ? null : characters.getFirst()));
        }, e -> { });
        overlayUrl.set(client.base().resolve("/overlay").toString());
        CompletableFuture<Void> overlay = client.getBytes("/overlay").handleAsync((page, error) -> {
            boolean there = error == null;
            overlayAvailable.set(there);
            BackendException api = error == null ? null : BackendException.of(error);
            overlayNote.set(there
                    ? "Add this address to OBS as a Browser source (1920×1080) to put her on air."
                    : api != null && (api.status() == 404 || api.status() == 405)
                            ? "Not available yet: this backend has no on-air overlay (it comes in a later version). "
                                    + "Then this address goes into OBS as a Browser source; the README's \"Going live\" "
                                    + "section says how."
                            : "Cannot check the overlay now: " + BackendException.describe(error));
            return null;
        }, ui);
        return CompletableFuture.allOf(config, list, voice.load(), mic.load(), overlay);
    }

    private static String value(ConfigResponse config, String key, String fallback) {
        return config.entries().stream().filter(e -> e.key().equals(key)).map(ConfigResponse.Entry::value).findFirst().orElse(fallback);
    }

    /** Saves this step's choice, then goes on (or, after the last, closes the guide). */
    public CompletableFuture<Void> next() {
        CompletableFuture<Void> saved = switch (step.get()) {
            case LLM -> save(llm.changes(), "her LLM");
            case VOICE -> save(voice.changes(modelsDir), "her voice");
            case MICROPHONE -> {
                useMicrophone.accept(mic.deviceProperty().get());
                yield CompletableFuture.completedFuture(null);
            }
            case CHARACTER -> switchCharacter();
            case OVERLAY -> CompletableFuture.completedFuture(null);
        };
        return saved.thenRunAsync(this::advance, ui);
    }

    /** Goes on without saving anything of this step. */
    public void skip() {
        advance();
    }

    public void back() {
        if (step.get().ordinal() > 0) {
            step.set(Step.values()[step.get().ordinal() - 1]);
        }
    }

    /** Closes the guide (it will not open by itself again). */
    public void close() {
        mic.stop();
        memory.remember();
        open.set(false);
    }

    private void advance() {
        if (step.get() == Step.OVERLAY) {
            close();
        } else {
            step.set(Step.values()[step.get().ordinal() + 1]);
        }
    }

    private CompletableFuture<Void> save(Map<String, String> changes, String what) {
        if (changes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return Tasks.then(client.post("/api/config", changes, ConfigUpdateResponse.class), ui,
                r -> message.set("Saved " + what + " to " + r.savedTo()
                        + (r.restartRequired().isEmpty() ? "" : " (takes effect after a restart)")),
                e -> message.set("Could not save " + what + ": " + e));
    }

    private CompletableFuture<Void> switchCharacter() {
        CharacterInfo picked = character.get();
        if (picked == null || picked.active()) {
            return CompletableFuture.completedFuture(null);
        }
        return Tasks.then(client.post("/api/switch_character", new SwitchCharacterRequest(picked.id()), JsonNode.class), ui,
                r -> message.set(picked.name() + " is on"), e -> message.set("Could not switch to " + picked.name() + ": " + e));
    }

    public LlmChoiceViewModel llm() {
        return llm;
    }

    public VoicePickViewModel voice() {
        return voice;
    }

    public MicCheckViewModel mic() {
        return mic;
    }

    public ObjectProperty<Step> stepProperty() {
        return step;
    }

    public BooleanProperty openProperty() {
        return open;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ObservableList<CharacterInfo> characters() {
        return characters;
    }

    public ObjectProperty<@Nullable CharacterInfo> characterProperty() {
        return character;
    }

    public StringProperty overlayUrlProperty() {
        return overlayUrl;
    }

    public BooleanProperty overlayAvailableProperty() {
        return overlayAvailable;
    }

    public StringProperty overlayNoteProperty() {
        return overlayNote;
    }
}
