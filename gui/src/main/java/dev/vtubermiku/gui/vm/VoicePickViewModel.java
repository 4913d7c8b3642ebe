package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.ModelDownload;
import dev.vtubermiku.protocol.StatusResponse;
import dev.vtubermiku.protocol.TtsRequest;
import dev.vtubermiku.protocol.VoicesResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The guide's voice step: the Piper voices the backend has, a spoken preview of the one picked,
 * and while her first voice is still downloading, how far it is.
 */
public final class VoicePickViewModel {

    static final String PREVIEW = "Hi! I'm ready to go on air with you.";

    private final BackendClient client;
    private final Executor ui;
    private final SoundSystem sound;
    private final ObservableList<String> voices = FXCollections.observableArrayList();
    private final StringProperty voice = new SimpleStringProperty("");
    private final StringProperty note = new SimpleStringProperty("");
    private volatile String initial = "";

    VoicePickViewModel(BackendClient client, Executor ui, SoundSystem sound) {
        this.client = client;
        this.ui = ui;
        this.sound = sound;
    }

    /** The voices, the default one picked; or, with none yet, whether one is on its way. */
    public CompletableFuture<Void> load() {
        CompletableFuture<VoicesResponse> list = client.get("/api/voices", VoicesResponse.class);
        CompletableFuture<List<ModelDownload>> downloads = client.get("/api/status", StatusResponse.class)
                .thenApply(s -> s.downloads() == null ? List.<ModelDownload>of() : s.downloads())
                .exceptionally(e -> List.of());
        return Tasks.then(list.thenCombine(downloads, (v, d) -> Map.entry(v, d)), ui, both -> {
            VoicesResponse v = both.getKey();
            voices.setAll(v.voices().stream().map(VoicesResponse.Voice::name).toList());
            String picked = v.defaultVoice() != null ? v.defaultVoice() : voices.isEmpty() ? "" : voices.getFirst();
            initial = picked;
            voice.set(picked);
            ModelDownload piper = both.getValue().stream().filter(d -> d.kind().equals("piper")).findFirst().orElse(null);
            if (piper != null && piper.state().equals("running")) {
                note.set("Her voice " + piper.name() + " is downloading (" + piper.progress().percent()
                        + "%). She speaks as soon as it is in; you can go on meanwhile.");
            } else if (piper != null) {
                note.set("Her voice could not be downloaded: " + piper.error() + ". " + piper.fix());
            } else if (voices.isEmpty()) {
                note.set("No voice installed yet: run ./vtuber models pull en_US-amy-medium");
            } else {
                note.set("");
            }
        }, e -> note.set("Cannot list the voices: " + e));
    }

    /** Speaks a line with the picked voice on the default output. */
    public CompletableFuture<Void> preview() {
        String name = voice.get();
        if (name == null || name.isBlank()) {
            note.set("Pick a voice first");
            return CompletableFuture.completedFuture(null);
        }
        if (sound.outputs().isEmpty()) {
            note.set("No sound output on this machine: the preview cannot be heard here");
            return CompletableFuture.completedFuture(null);
        }
        note.set("Speaking…");
        return Tasks.then(client.post("/api/tts", new TtsRequest(PREVIEW, name, null), byte[].class), ui,
                wav -> sound.play(wav, null, 1.0, report -> ui.execute(() -> {
                    if (report.error() != null) {
                        note.set("Cannot play: " + report.error());
                    } else if (!report.playing()) {
                        note.set("That was " + name + ".");
                    }
                })), e -> note.set("No preview: " + e));
    }

    /**
     * PIPER_MODEL_PATH for the picked voice when it changed ({@code modelsDir}: MODELS_DIR); a
     * speaker of a multi-speaker model makes its model the default.
     */
    Map<String, String> changes(String modelsDir) {
        Map<String, String> changes = new LinkedHashMap<>();
        String name = voice.get();
        if (name != null && !name.isBlank() && !name.equals(initial)) {
            String model = name.contains("#") ? name.substring(0, name.indexOf('#')) : name;
            changes.put("PIPER_MODEL_PATH", modelsDir.replaceAll("/+$", "") + "/piper/" + model + ".onnx");
        }
        return changes;
    }

    public ObservableList<String> voices() {
        return voices;
    }

    public StringProperty voiceProperty() {
        return voice;
    }

    public StringProperty noteProperty() {
        return note;
    }
}
