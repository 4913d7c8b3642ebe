package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.OnAirApi;
import dev.vtubermiku.gui.net.RemoteStudio;
import dev.vtubermiku.protocol.AvatarInfo;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.AvatarChanged;
import dev.vtubermiku.protocol.event.EventPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * The On air tab: the overlay's address, her avatar per character (upload, preview of each
 * expression, the emotion mapping), VTube Studio and OBS, and where her voice plays.
 */
public final class OnAirViewModel {

    public static final List<String> EMOTIONS = List.of("neutral", "joy", "sadness", "anger", "surprise", "fear", "disgust", "smirk");
    /** What OBS can switch scenes on: her state, then her emotions. */
    public static final List<String> SCENE_KEYS = List.of("speaking", "idle", "neutral", "joy", "sadness", "anger", "surprise",
            "fear", "disgust", "smirk");
    public static final List<String> PLAYBACK = List.of("desktop", "overlay", "both");

    private final BackendClient client;
    private final OnAirApi api;
    private final Executor ui;
    private final ObservableList<CharacterInfo> characters = FXCollections.observableArrayList();
    private final ObjectProperty<CharacterInfo> character = new SimpleObjectProperty<>();
    private final StringProperty overlayUrl = new SimpleStringProperty("");
    private final ObjectProperty<AvatarInfo> avatar = new SimpleObjectProperty<>();
    private final ObservableList<AvatarPreview> previews = FXCollections.observableArrayList();
    private final ObservableList<String> expressions = FXCollections.observableArrayList();
    private final ObservableList<MappingRow> avatarMap = FXCollections.observableArrayList();
    private final ObjectProperty<RemoteStudio> vts = new SimpleObjectProperty<>(RemoteStudio.absent());
    private final ObservableList<MappingRow> vtsMap = FXCollections.observableArrayList();
    private final ObjectProperty<RemoteStudio> obs = new SimpleObjectProperty<>(RemoteStudio.absent());
    private final ObservableList<MappingRow> obsMap = FXCollections.observableArrayList();
    private final StringProperty captionSource = new SimpleStringProperty("");
    private final StringProperty voicePlayback = new SimpleStringProperty("desktop");
    private final BooleanProperty voicePlaybackAvailable = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");

    public OnAirViewModel(BackendClient client, Executor ui) {
        this.client = client;
        this.api = new OnAirApi(client);
        this.ui = ui;
        character.addListener((o, old, now) -> {
            overlayUrl.set(api.overlayUrl(now == null ? null : now.id()));
            if (now != null && (old == null || old.id() != now.id())) {
                loadAvatar();
            }
        });
        overlayUrl.set(api.overlayUrl(null));
    }

    /** Loads everything again (on each connection). */
    public CompletableFuture<Void> refresh() {
        CompletableFuture<Void> list = Tasks.then(client.get("/api/characters", CharacterInfo[].class), ui, all -> {
            CharacterInfo was = character.get();
            characters.setAll(Arrays.stream(all).filter(c -> !c.archived()).toList());
            character.set(characters.stream().filter(c -> was != null && c.id() == was.id()).findFirst()
                    .or(() -> characters.stream().filter(CharacterInfo::active).findFirst())
                    .orElse(characters.isEmpty() ? null : characters.getFirst()));
        }, this::fail);
        return CompletableFuture.allOf(list, loadStudios(), Tasks.then(api.voicePlayback(), ui, value -> {
            voicePlaybackAvailable.set(value.isPresent());
            value.ifPresent(voicePlayback::set);
        }, this::fail));
    }

    public void onEvent(EventEnvelope event) {
        if (event.type().equals(EventTypes.AVATAR_CHANGED)) {
            long id = EventPayload.decode(event.data(), AvatarChanged.class).characterId();
            CharacterInfo c = character.get();
            if (c != null && id == c.id()) {
                loadAvatar();
            }
        } else if (event.type().startsWith("vts.") || event.type().startsWith("obs.")) {
            loadStudios();
        }
    }

    public CompletableFuture<Void> loadAvatar() {
        CharacterInfo c = character.get();
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return api.avatar(c.id()).thenCompose(info -> previewsOf(info).thenApplyAsync(list -> {
            show(info, list);
            return (Void) null;
        }, ui)).exceptionallyAsync(e -> {
            fail(dev.vtubermiku.gui.net.BackendException.describe(e));
            return null;
        }, ui);
    }

    /** Uploads {@code file} as the selected character's avatar. */
    public CompletableFuture<Void> upload(Path file) {
        CharacterInfo c = character.get();
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        busy.set(true);
        message.set("Uploading " + file.getFileName() + "…");
        CompletableFuture<AvatarInfo> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
            }
        }).thenCompose(bytes -> api.uploadAvatar(c.id(), file.getFileName().toString(), bytes));
        return Tasks.then(sent, ui, info -> message.set(c.name() + "'s avatar is now " + describe(info) + "."),
                this::fail).thenCompose(v -> loadAvatar()).whenCompleteAsync((v, e) -> busy.set(false), ui);
    }

    public CompletableFuture<Void> removeAvatar() {
        CharacterInfo c = character.get();
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return Tasks.then(api.removeAvatar(c.id()), ui, r -> message.set(c.name() + " is shown by her portrait again."), this::fail)
                .thenCompose(v -> loadAvatar());
    }

    public CompletableFuture<Void> saveAvatarMap() {
        CharacterInfo c = character.get();
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return Tasks.then(api.remapAvatar(c.id(), map(avatarMap)), ui, info -> {
            avatar.set(info);
            message.set("Saved which expression shows each emotion.");
        }, this::fail);
    }

    public CompletableFuture<Void> connectVts() {
        return Tasks.then(api.connectVts(), ui, r -> message.set("Connecting to VTube Studio: approve the plugin there if it asks."),
                this::fail).thenCompose(v -> loadStudios());
    }

    public CompletableFuture<Void> saveVtsMap() {
        return Tasks.then(api.mapVts(map(vtsMap)), ui, r -> message.set("Saved the VTube Studio hotkeys per emotion."), this::fail);
    }

    public CompletableFuture<Void> connectObs() {
        return Tasks.then(api.connectObs(), ui, r -> message.set("Connecting to OBS…"), this::fail).thenCompose(v -> loadStudios());
    }

    public CompletableFuture<Void> saveObsSettings() {
        return Tasks.then(api.obsSettings(Objects.requireNonNullElse(captionSource.get(), ""), map(obsMap)), ui,
                r -> message.set("Saved the OBS caption source and scenes."), this::fail);
    }

    public CompletableFuture<Void> setVoicePlayback(String where) {
        return Tasks.then(api.setVoicePlayback(where), ui, r -> {
            voicePlayback.set(where);
            message.set("Her voice plays on " + switch (where) {
                case "overlay" -> "the overlay (OBS captures it)";
                case "both" -> "this computer and the overlay";
                default -> "this computer";
            } + ".");
        }, this::fail);
    }

    private CompletableFuture<Void> loadStudios() {
        return CompletableFuture.allOf(
                Tasks.then(api.vts(), ui, v -> {
                    vts.set(v);
                    vtsMap.setAll(rows(EMOTIONS, v.mapping()));
                }, this::fail),
                Tasks.then(api.obs(), ui, o -> {
                    obs.set(o);
                    obsMap.setAll(rows(SCENE_KEYS, o.mapping()));
                    captionSource.set(o.captionSource());
                }, this::fail));
    }

    private CompletableFuture<List<AvatarPreview>> previewsOf(AvatarInfo info) {
        if (info.kind().equals(AvatarInfo.VRM)) {
            return CompletableFuture.completedFuture(info.expressions().stream()
                    .map(e -> new AvatarPreview(e, "model/gltf-binary", null)).toList());
        }
        List<CompletableFuture<AvatarPreview>> each = new ArrayList<>();
        for (AvatarInfo.AvatarFile f : info.files()) {
            String label = info.kind().equals(AvatarInfo.SPRITES) ? f.name().replaceFirst("\\.[^.]+$", "") : "neutral";
            boolean drawable = f.mediaType().equals("image/png") || f.mediaType().equals("image/jpeg");
            each.add(drawable
                    ? api.avatarFile(f.url()).thenApply(b -> new AvatarPreview(label, f.mediaType(), b))
                            .exceptionally(e -> new AvatarPreview(label, f.mediaType(), null))
                    : CompletableFuture.completedFuture(new AvatarPreview(label, f.mediaType(), null)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    private void show(AvatarInfo info, List<AvatarPreview> list) {
        avatar.set(info);
        previews.setAll(list);
        expressions.setAll(info.expressions());
        avatarMap.setAll(rows(EMOTIONS, info.expressionMap()));
    }

    private static List<MappingRow> rows(List<String> keys, Map<String, String> mapping) {
        return keys.stream().map(k -> new MappingRow(k, mapping.getOrDefault(k, ""))).toList();
    }

    private static Map<String, String> map(List<MappingRow> rows) {
        Map<String, String> map = new LinkedHashMap<>();
        rows.forEach(r -> {
            String v = r.valueProperty().get();
            if (v != null && !v.isBlank()) {
                map.put(r.key(), v);
            }
        });
        return map;
    }

    /** "a VRM model (12 expressions)", "a sprite pack (9 sprites)", "a picture", "her portrait". */
    public static String describe(AvatarInfo info) {
        return switch (info.kind()) {
            case AvatarInfo.VRM -> "a VRM model (" + info.expressions().size() + " expressions)";
            case AvatarInfo.SPRITES -> "a sprite pack (" + info.expressions().size() + " sprites)";
            case AvatarInfo.IMAGE -> "a picture";
            default -> info.files().stream().anyMatch(f -> f.name().endsWith(".png")) ? "her card's picture" : "a generated portrait";
        };
    }

    private void fail(String why) {
        message.set(why);
    }

    public ObservableList<CharacterInfo> characters() { return characters; }
    public ObjectProperty<CharacterInfo> characterProperty() { return character; }
    public StringProperty overlayUrlProperty() { return overlayUrl; }
    public ObjectProperty<AvatarInfo> avatarProperty() { return avatar; }
    public ObservableList<AvatarPreview> previews() { return previews; }
    public ObservableList<String> expressions() { return expressions; }
    public ObservableList<MappingRow> avatarMap() { return avatarMap; }
    public ObjectProperty<RemoteStudio> vtsProperty() { return vts; }
    public ObservableList<MappingRow> vtsMap() { return vtsMap; }
    public ObjectProperty<RemoteStudio> obsProperty() { return obs; }
    public ObservableList<MappingRow> obsMap() { return obsMap; }
    public StringProperty captionSourceProperty() { return captionSource; }
    public StringProperty voicePlaybackProperty() { return voicePlayback; }
    public BooleanProperty voicePlaybackAvailableProperty() { return voicePlaybackAvailable; }
    public BooleanProperty busyProperty() { return busy; }
    public StringProperty messageProperty() { return message; }
}
