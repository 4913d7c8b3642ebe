package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.gui.net.VoiceTrainingClient;
import dev.vtubermiku.protocol.VoiceProcessJob;
import dev.vtubermiku.protocol.VoiceUploadResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Training tab's first panel: recordings uploaded (with progress and each file's outcome), then
 * processed into clips by a backend job that is followed until it ends.
 */
public final class RecordingsViewModel {

    private static final long JOB_POLL_MS = 400;

    private final VoiceTrainingClient api;
    private final TrainingTab tab;
    private final Supplier<@Nullable Long> characterId;
    private final ClipsViewModel clips;
    private final Runnable recordingsChanged;
    private final StringProperty speaker = new SimpleStringProperty("");
    private final ReadOnlyDoubleWrapper uploadProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper uploading = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<String> uploadResults = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper processing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper processProgress = new ReadOnlyDoubleWrapper(0);
    private final LongProperty processedClips = new SimpleLongProperty(0);
    private @Nullable String jobId;

    /**
     * @param characterId the character the train form names: recordings are stored for her
     * @param recordingsChanged told after an upload and after processing (the expected processing time changes)
     */
    RecordingsViewModel(VoiceTrainingClient api, TrainingTab tab, Supplier<@Nullable Long> characterId, ClipsViewModel clips,
            Runnable recordingsChanged) {
        this.api = api;
        this.tab = tab;
        this.characterId = characterId;
        this.clips = clips;
        this.recordingsChanged = recordingsChanged;
    }

    /** Uploads recordings (read off the UI thread), reporting progress and each file's outcome. */
    public CompletableFuture<Void> upload(List<Path> files) {
        if (files.isEmpty() || uploading.get()) {
            return CompletableFuture.completedFuture(null);
        }
        uploading.set(true);
        uploadProgress.set(0);
        uploadResults.clear();
        CompletableFuture<VoiceUploadResponse> work = api.upload(files, speaker.get().strip(), characterId.get(),
                share -> tab.ui.execute(() -> uploadProgress.set(share)));
        return tab.call(work, answer -> {
            uploadProgress.set(1);
            List<String> results = new ArrayList<>();
            for (VoiceUploadResponse.File f : answer.files()) {
                String name = f.fileName() == null ? "file" : f.fileName();
                results.add(f.uploadId() != null
                        ? "✔ " + name + " — " + (f.duration() == null ? "stored" : String.format(Locale.ROOT, "%.1f s", f.duration()))
                        : "✘ " + name + " — " + (f.message() != null ? f.message() : f.error() != null ? f.error() : "refused"));
            }
            uploadResults.setAll(results);
            tab.message.set(answer.accepted() == 0 ? "No file was stored: " + answer.rejected() + " refused (see the list)"
                    : "Uploaded " + answer.accepted() + " of " + answer.files().size() + " files; press Process to cut them into clips");
            recordingsChanged.run();
        }).whenComplete((v, e) -> tab.ui.execute(() -> uploading.set(false)));
    }

    /**
     * Starts processing every upload not processed yet. The job's end is no event of its own: the
     * job is followed until it is done or failed; each clip it makes arrives as audio.processed.
     */
    public CompletableFuture<Void> process() {
        if (processing.get()) {
            return CompletableFuture.completedFuture(null);
        }
        processing.set(true);
        processProgress.set(-1);
        processedClips.set(0);
        CompletableFuture<Void> started = tab.call(api.process(), job -> {
            jobId = job.jobId();
            tab.message.set("Processing " + job.uploadIds().size() + " upload(s) (job " + job.jobId() + ")…");
            applyJob(job);
        });
        return started.whenComplete((v, e) -> tab.ui.execute(() -> {
            if (jobId == null) {
                processing.set(false); // refused (nothing to process, no VAD model): the message says why
                processProgress.set(0);
            }
        }));
    }

    /** An {@code audio.processed} event (on the UI thread): one more clip, and where the job stands. */
    void processed(String message, long uploadsDone, long uploadsTotal, @Nullable Long clipId) {
        processedClips.set(processedClips.get() + 1);
        if (uploadsTotal > 0 && uploadsDone > 0) {
            processProgress.set(Math.min(1, (double) uploadsDone / uploadsTotal));
        }
        if (processing.get()) { // a late event must not hide the job's summary
            tab.message.set(message);
        }
        if (clipId != null) {
            clips.add(clipId);
        }
    }

    private void followJob(String id) {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(JOB_POLL_MS, TimeUnit.MILLISECONDS))
                .thenCompose(v -> api.job(id))
                .whenCompleteAsync((job, error) -> {
                    if (!id.equals(jobId)) {
                        return;
                    }
                    if (error != null) {
                        jobId = null;
                        processing.set(false);
                        tab.message.set("Lost track of processing job " + id + ": " + BackendException.describe(error));
                    } else {
                        applyJob(job);
                    }
                }, tab.ui);
    }

    private void applyJob(VoiceProcessJob job) {
        int total = job.uploadIds().size();
        if (total > 0 && job.uploadsDone() > 0) {
            processProgress.set(Math.min(1, (double) job.uploadsDone() / total));
        }
        switch (job.state()) {
            case "queued", "running" -> followJob(job.jobId());
            default -> {
                jobId = null;
                processProgress.set(job.state().equals("done") ? 1 : 0);
                String made = job.clipsAdded() + " new clip(s)" + (job.clipsExisting() > 0 ? ", " + job.clipsExisting() + " already there" : "");
                tab.message.set(job.errors().isEmpty() ? "Processing finished: " + made
                        : "Processing finished with errors (" + made + "): " + job.errors().stream()
                                .map(e -> e.uploadId() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
                // Processing ends with the table reloaded, so no edit made after it is overwritten by an older list.
                clips.load().whenCompleteAsync((v, e) -> processing.set(false), tab.ui);
                recordingsChanged.run();
            }
        }
    }

    public StringProperty speakerProperty() {
        return speaker;
    }

    public ReadOnlyDoubleProperty uploadProgressProperty() {
        return uploadProgress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty uploadingProperty() {
        return uploading.getReadOnlyProperty();
    }

    public ObservableList<String> uploadResults() {
        return uploadResults;
    }

    public ReadOnlyBooleanProperty processingProperty() {
        return processing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty processProgressProperty() {
        return processProgress.getReadOnlyProperty();
    }

    public LongProperty processedClipsProperty() {
        return processedClips;
    }
}
