package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.CharacterRequest;
import dev.vtubermiku.protocol.VoicesResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/** The character editor: a new character, or the fields of one to change. */
public final class CharacterFormViewModel {

    private final BackendClient client;
    private final Executor ui;
    private final @Nullable Long id;
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty profile = new SimpleStringProperty("");
    private final StringProperty personality = new SimpleStringProperty("");
    private final StringProperty greeting = new SimpleStringProperty("");
    private final StringProperty exampleDialogue = new SimpleStringProperty("");
    private final StringProperty voice = new SimpleStringProperty("");
    private final ObservableList<String> voices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding valid;
    private final @Nullable String avatarUrl;

    /** @param existing the character to edit, or null to create one */
    public CharacterFormViewModel(BackendClient client, Executor ui, @Nullable CharacterInfo existing) {
        this.client = client;
        this.ui = ui;
        this.id = existing == null ? null : existing.id();
        this.avatarUrl = existing == null ? null : existing.avatarUrl();
        if (existing != null) {
            name.set(existing.name());
            profile.set(existing.profile());
            personality.set(existing.personality());
            greeting.set(existing.greeting());
            exampleDialogue.set(existing.exampleDialogue());
            voice.set(existing.voice() == null ? "" : existing.voice());
        }
        valid = Bindings.createBooleanBinding(() -> !name.get().isBlank(), name);
        Tasks.then(client.get("/api/voices", VoicesResponse.class), ui,
                v -> voices.setAll(v.voices().stream().map(VoicesResponse.Voice::name).toList()), e -> { });
    }

    public boolean isNew() {
        return id == null;
    }

    /** Creates or updates her; completes with the saved character, or null with {@link #errorProperty()} set. */
    public CompletableFuture<@Nullable CharacterInfo> save() {
        CharacterRequest request = new CharacterRequest(name.get().strip(), profile.get(), personality.get(), avatarUrl,
                greeting.get(), exampleDialogue.get(), voice.get().isBlank() ? null : voice.get().strip());
        CompletableFuture<CharacterInfo> call = id == null
                ? client.post("/api/characters", request, CharacterInfo.class)
                : client.put("/api/characters/" + id, request, CharacterInfo.class);
        CompletableFuture<@Nullable CharacterInfo> done = new CompletableFuture<>();
        Tasks.then(call, ui, saved -> {
            error.set("");
            done.complete(saved);
        }, message -> {
            error.set(message);
            done.complete(null);
        });
        return done;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty personalityProperty() {
        return personality;
    }

    public StringProperty greetingProperty() {
        return greeting;
    }

    public StringProperty exampleDialogueProperty() {
        return exampleDialogue;
    }

    public StringProperty voiceProperty() {
        return voice;
    }

    public ObservableList<String> voices() {
        return voices;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public BooleanBinding validProperty() {
        return valid;
    }
}
