package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.LlmEndpoints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The guide's first step: who writes her replies. A local server (Ollama) found on this machine
 * with its models, an OpenRouter key tested on the spot, or the offline echo.
 */
public final class LlmChoiceViewModel {

    /** The three ways she can think. */
    public enum Choice {
        LOCAL,
        OPENROUTER,
        ECHO
    }

    private final LlmEndpoints endpoints;
    private final Executor ui;
    private final ObjectProperty<Choice> choice = new SimpleObjectProperty<>(Choice.ECHO);
    private final ObservableList<String> localModels = FXCollections.observableArrayList();
    private final StringProperty localModel = new SimpleStringProperty("");
    private final StringProperty localNote = new SimpleStringProperty("Looking for a local LLM (Ollama)…");
    private final StringProperty key = new SimpleStringProperty("");
    private final StringProperty keyNote = new SimpleStringProperty("");
    private final BooleanProperty keyAccepted = new SimpleBooleanProperty();
    private final BooleanProperty testing = new SimpleBooleanProperty();
    private volatile String localBase = "";
    private volatile String baseUrl = "https://openrouter.ai/api/v1";

    LlmChoiceViewModel(LlmEndpoints endpoints, Executor ui) {
        this.endpoints = endpoints;
        this.ui = ui;
        key.addListener((o, a, b) -> {
            keyAccepted.set(false);
            keyNote.set("");
        });
    }

    /**
     * Looks for a local server at {@code localUrl} (LLM_LOCAL_URL); {@code configuredBase} is
     * LLM_BASE_URL, which a key is tested against. Picks the local server when it has models.
     */
    public CompletableFuture<Void> detect(String localUrl, String configuredBase) {
        baseUrl = configuredBase;
        return endpoints.localModels(localUrl).thenAcceptAsync(found -> {
            localBase = found.baseUrl();
            localModels.setAll(found.models());
            if (found.problem() == null) {
                localModel.set(found.models().getFirst());
                localNote.set("Found a local LLM at " + found.baseUrl() + " with " + found.models().size() + " model(s)");
                if (choice.get() == Choice.ECHO) {
                    choice.set(Choice.LOCAL);
                }
            } else {
                localNote.set("No local LLM: " + found.problem());
                if (choice.get() == Choice.LOCAL) {
                    choice.set(Choice.ECHO);
                }
            }
        }, ui);
    }

    /** Tests the key against LLM_BASE_URL with a real request. */
    public CompletableFuture<Void> testKey() {
        testing.set(true);
        keyNote.set("Testing the key with " + baseUrl + "…");
        return endpoints.checkKey(baseUrl, key.get().strip()).thenAcceptAsync(check -> {
            testing.set(false);
            keyAccepted.set(check.accepted());
            keyNote.set(check.detail());
        }, ui);
    }

    /** What {@code POST /api/config} is sent for this choice; empty for the echo. */
    public Map<String, String> changes() {
        Map<String, String> changes = new LinkedHashMap<>();
        switch (choice.get()) {
            case LOCAL -> {
                if (!localModels.isEmpty()) {
                    changes.put("LLM_BASE_URL", localBase);
                    changes.put("OPENROUTER_MODEL", localModel.get());
                }
            }
            case OPENROUTER -> {
                if (!key.get().isBlank()) {
                    changes.put("OPENROUTER_API_KEY", key.get().strip());
                }
            }
            case ECHO -> { }
        }
        return changes;
    }

    public ObjectProperty<Choice> choiceProperty() {
        return choice;
    }

    public ObservableList<String> localModels() {
        return localModels;
    }

    public StringProperty localModelProperty() {
        return localModel;
    }

    public StringProperty localNoteProperty() {
        return localNote;
    }

    public StringProperty keyProperty() {
        return key;
    }

    public StringProperty keyNoteProperty() {
        return keyNote;
    }

    public BooleanProperty keyAcceptedProperty() {
        return keyAccepted;
    }

    public BooleanProperty testingProperty() {
        return testing;
    }
}
