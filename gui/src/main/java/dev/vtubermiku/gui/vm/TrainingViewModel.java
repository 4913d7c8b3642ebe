package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.VoiceTrainingClient;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.AudioProcessed;
import dev.vtubermiku.protocol.event.EventPayload;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Training tab, against the voice-training API: its three panels' view models —
 * {@link RecordingsViewModel} (upload, process), {@link ClipsViewModel} (review the clips) and
 * {@link TrainingRunViewModel} (train, watch the loss, cancel or resume, checkpoints) — with the
 * tab's one message line, and the events routed to the panel they concern. Answers are read as the
 * protocol's records through {@link VoiceTrainingClient}. A backend without that API (404 for the
 * route) leaves the tab in a clear "not available" state instead of failing calls.
 */
public final class TrainingViewModel {

    public static final String NOT_AVAILABLE = "Voice training is not available on this backend (it has no /api/voice endpoints).";

    /** One point of the loss chart. */
    public record LossPoint(long step, double loss) {}

    /** One checkpoint a run wrote; {@code exists} is false once the trainer has replaced its file. */
    public record Checkpoint(long id, long runId, String name, int epoch, long step, double loss, String path, boolean exists) {}

    private final TrainingTab tab;
    private final ClipsViewModel clips;
    private final TrainingRunViewModel run;
    private final RecordingsViewModel recordings;
    private final ProcessingEstimateModel estimate;

    public TrainingViewModel(BackendClient client, Executor ui, SoundSystem sound) {
        VoiceTrainingClient api = new VoiceTrainingClient(client);
        this.tab = new TrainingTab(ui);
        this.estimate = new ProcessingEstimateModel(client, ui);
        this.clips = new ClipsViewModel(api, tab, sound);
        this.run = new TrainingRunViewModel(api, tab);
        this.recordings = new RecordingsViewModel(api, tab, run.characterIdProperty()::get, clips, estimate::refresh);
    }

    /** The expected processing time, as the backend measured its own throughput. */
    public ProcessingEstimateModel estimate() {
        return estimate;
    }

    /** Loads clips, checkpoints and the latest run; finds out whether this backend trains voices at all. */
    public CompletableFuture<Void> refresh() {
        estimate.refresh();
        return CompletableFuture.allOf(clips.load(), run.loadCheckpoints(), run.loadRuns());
    }

    /** From the event thread. */
    public void onEvent(EventEnvelope event) {
        tab.ui.execute(() -> {
            if (event.type().equals(EventTypes.AUDIO_PROCESSED)) {
                AudioProcessed clip = EventPayload.decode(event.data(), AudioProcessed.class);
                recordings.processed(event.message(), clip.uploadsDone(), clip.uploadsTotal(), clip.clipId());
            } else {
                run.apply(event);
            }
        });
    }

    public RecordingsViewModel recordings() {
        return recordings;
    }

    public ClipsViewModel clipTable() {
        return clips;
    }

    public TrainingRunViewModel run() {
        return run;
    }

    // --- the panels' actions and state, for the view ----------------------------------------------

    public CompletableFuture<Void> upload(List<Path> files) {
        return recordings.upload(files);
    }

    public CompletableFuture<Void> process() {
        return recordings.process();
    }

    public CompletableFuture<Void> loadClips() {
        return clips.load();
    }

    public CompletableFuture<Void> saveTranscript(ClipRow clip) {
        return clips.saveTranscript(clip);
    }

    public CompletableFuture<Void> saveIncluded(ClipRow clip) {
        return clips.saveIncluded(clip);
    }

    public CompletableFuture<Void> deleteClip(ClipRow clip) {
        return clips.delete(clip);
    }

    public CompletableFuture<Void> playClip(ClipRow clip) {
        return clips.play(clip);
    }

    public CompletableFuture<Void> loadCheckpoints() {
        return run.loadCheckpoints();
    }

    public CompletableFuture<Void> loadRuns() {
        return run.loadRuns();
    }

    public CompletableFuture<Void> train() {
        return run.train();
    }

    public CompletableFuture<Void> cancel() {
        return run.cancel();
    }

    public CompletableFuture<Void> resume() {
        return run.resume();
    }

    public CompletableFuture<Void> exportCheckpoint(Checkpoint checkpoint) {
        return run.exportCheckpoint(checkpoint);
    }

    public CompletableFuture<Void> loadRun(long id) {
        return run.loadRun(id);
    }

    public CompletableFuture<Void> loadLog(long id) {
        return run.loadLog(id);
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return tab.available.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return tab.message.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty uploadProgressProperty() {
        return recordings.uploadProgressProperty();
    }

    public ReadOnlyBooleanProperty uploadingProperty() {
        return recordings.uploadingProperty();
    }

    public ObservableList<String> uploadResults() {
        return recordings.uploadResults();
    }

    public ReadOnlyBooleanProperty processingProperty() {
        return recordings.processingProperty();
    }

    public ReadOnlyDoubleProperty processProgressProperty() {
        return recordings.processProgressProperty();
    }

    public LongProperty processedClipsProperty() {
        return recordings.processedClipsProperty();
    }

    public StringProperty speakerProperty() {
        return recordings.speakerProperty();
    }

    public ObservableList<ClipRow> clips() {
        return clips.clips();
    }

    public ObservableList<Checkpoint> checkpoints() {
        return run.checkpoints();
    }

    public ObjectProperty<@Nullable Long> characterIdProperty() {
        return run.characterIdProperty();
    }

    public StringProperty voiceNameProperty() {
        return run.voiceNameProperty();
    }

    public StringProperty baseCheckpointProperty() {
        return run.baseCheckpointProperty();
    }

    public IntegerProperty epochsProperty() {
        return run.epochsProperty();
    }

    public IntegerProperty batchSizeProperty() {
        return run.batchSizeProperty();
    }

    public StringProperty qualityProperty() {
        return run.qualityProperty();
    }

    public StringProperty espeakVoiceProperty() {
        return run.espeakVoiceProperty();
    }

    public ObjectProperty<@Nullable Long> runIdProperty() {
        return run.runIdProperty();
    }

    public ReadOnlyStringProperty runStatusProperty() {
        return run.runStatusProperty();
    }

    public ReadOnlyDoubleProperty runProgressProperty() {
        return run.runProgressProperty();
    }

    public ReadOnlyStringProperty runDetailProperty() {
        return run.runDetailProperty();
    }

    public BooleanProperty runningProperty() {
        return run.runningProperty();
    }

    public ObservableList<LossPoint> loss() {
        return run.loss();
    }

    public ObservableList<String> logTail() {
        return run.logTail();
    }
}
