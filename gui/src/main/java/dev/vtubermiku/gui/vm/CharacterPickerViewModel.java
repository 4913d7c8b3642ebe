package dev.vtubermiku.gui.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.SwitchCharacterRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * Who she is: the characters, the active one, and switching between them. When another character
 * becomes the active one, {@code activated} hears of it (the conversation loads her history).
 */
public final class CharacterPickerViewModel {

    private final BackendClient client;
    private final Executor ui;
    private final Consumer<String> problems;
    private final Consumer<CharacterInfo> activated;
    private final ObservableList<CharacterInfo> characters = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable CharacterInfo> active = new SimpleObjectProperty<>();

    CharacterPickerViewModel(BackendClient client, Executor ui, Consumer<String> problems, Consumer<CharacterInfo> activated) {
        this.client = client;
        this.ui = ui;
        this.problems = problems;
        this.activated = activated;
    }

    /** Loads the characters and the active one. */
    public CompletableFuture<Void> refresh() {
        return Tasks.then(client.get("/api/characters", CharacterInfo[].class), ui, list -> {
            characters.setAll(list);
            CharacterInfo now = characters.stream().filter(CharacterInfo::active).findFirst().orElse(null);
            if (now == null || active.get() == null || active.get().id() != now.id()) {
                active.set(now);
                if (now != null) {
                    activated.accept(now);
                }
            } else {
                active.set(now);
            }
        }, error -> problems.accept("Could not load the characters: " + error));
    }

    /** Makes {@code character} the active one; the event that follows updates the view. */
    public CompletableFuture<Void> switchTo(CharacterInfo character) {
        CharacterInfo current = active.get();
        if (current != null && current.id() == character.id()) {
            return CompletableFuture.completedFuture(null);
        }
        return Tasks.then(client.post("/api/switch_character", new SwitchCharacterRequest(character.id()), JsonNode.class), ui,
                ok -> { }, error -> problems.accept("Could not switch: " + error));
    }

    public ObservableList<CharacterInfo> characters() {
        return characters;
    }

    public ObjectProperty<@Nullable CharacterInfo> activeProperty() {
        return active;
    }
}
