package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.VoiceTrainingClient;
import dev.vtubermiku.protocol.VoiceClipUpdate;
import java.util.concurrent.CompletableFuture;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Training tab's clip table: every clip, its transcript and inclusion edited in place, played, deleted. */
public final class ClipsViewModel {

    private final VoiceTrainingClient api;
    private final TrainingTab tab;
    private final SoundSystem sound;
    private final ObservableList<ClipRow> clips = FXCollections.observableArrayList();

    ClipsViewModel(VoiceTrainingClient api, TrainingTab tab, SoundSystem sound) {
        this.api = api;
        this.tab = tab;
        this.sound = sound;
    }

    /** Every clip, page by page (the backend answers at most 500 at a time). */
    public CompletableFuture<Void> load() {
        return tab.call(api.clips(), all -> {
            tab.available.set(true);
            clips.setAll(all.stream().map(ClipRow::new).toList());
        });
    }

    /** A clip the processing job just made, read whole from the backend and put in its place. */
    void add(long id) {
        tab.call(api.clip(id), clip -> {
            for (int i = 0; i < clips.size(); i++) {
                if (clips.get(i).id() == id) {
                    clips.set(i, new ClipRow(clip));
                    return;
                }
            }
            clips.add(new ClipRow(clip));
        });
    }

    /** Saves an edited transcript (an empty one flags the clip as needing one again). */
    public CompletableFuture<Void> saveTranscript(ClipRow clip) {
        return edit(clip, new VoiceClipUpdate(clip.transcriptProperty().get().strip(), null, null), "transcript saved");
    }

    /** Saves whether the clip is trained on. */
    public CompletableFuture<Void> saveIncluded(ClipRow clip) {
        boolean included = clip.includedProperty().get();
        return edit(clip, new VoiceClipUpdate(null, null, included), included ? "included" : "left out of training");
    }

    private CompletableFuture<Void> edit(ClipRow clip, VoiceClipUpdate update, String what) {
        return tab.call(api.editClip(clip.id(), update), saved -> {
            clip.update(saved);
            tab.message.set("Clip " + clip.id() + " " + what);
        });
    }

    public CompletableFuture<Void> delete(ClipRow clip) {
        return tab.call(api.deleteClip(clip.id()), ok -> {
            clips.remove(clip);
            tab.message.set("Clip " + clip.id() + " deleted");
        });
    }

    public CompletableFuture<Void> play(ClipRow clip) {
        // Without an output device the player reports it, as it reports any other audio failure.
        return tab.call(api.clipAudio(clip.audioUrl()), wav -> sound.play(wav, null, 0.9, r -> {
            if (r.error() != null) {
                tab.ui.execute(() -> tab.message.set(r.error()));
            }
        }));
    }

    public ObservableList<ClipRow> clips() {
        return clips;
    }
}
