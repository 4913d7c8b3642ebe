package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.CharacterInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Imports SillyTavern character cards (JSON or PNG, chosen or dropped on the Chat tab); she appears in the picker. */
public final class CardImportViewModel {

    private final BackendClient client;
    private final Executor ui;
    private final CharacterPickerViewModel picker;
    private final Consumer<String> messages;

    CardImportViewModel(BackendClient client, Executor ui, CharacterPickerViewModel picker, Consumer<String> messages) {
        this.client = client;
        this.ui = ui;
        this.picker = picker;
        this.messages = messages;
    }

    /** Imports a card; completes with her, or with null when it was refused (the message says why). */
    public CompletableFuture<@Nullable CharacterInfo> importCard(String filename, byte[] file) {
        String type = filename.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "image/png" : "application/json";
        CompletableFuture<@Nullable CharacterInfo> done = new CompletableFuture<>();
        Tasks.then(client.postBytes("/api/characters/import", file, type, CharacterInfo.class), ui, imported -> {
            messages.accept("Imported " + imported.name() + " from " + filename);
            picker.refresh();
            done.complete(imported);
        }, error -> {
            messages.accept("Could not import " + filename + ": " + error);
            done.complete(null);
        });
        return done;
    }

    /** Shows a problem the view ran into (a card file it could not read); on the UI thread. */
    public void report(String problem) {
        messages.accept(problem);
    }
}
