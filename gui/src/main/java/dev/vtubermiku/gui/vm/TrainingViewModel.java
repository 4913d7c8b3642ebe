package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.Multipart;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.CheckpointList;
import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.protocol.TrainingRunInfo;
import dev.vtubermiku.protocol.VoiceClip;
import dev.vtubermiku.protocol.VoiceClipPage;
import dev.vtubermiku.protocol.VoiceClipUpdate;
import dev.vtubermiku.protocol.VoiceProcessJob;
import dev.vtubermiku.protocol.VoiceProcessRequest;
import dev.vtubermiku.protocol.VoiceUploadResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Training tab, against the voice-training API: upload recordings, process them into clips,
 * review the clips, train, watch the loss, cancel or resume, see and export the checkpoints. Answers
 * are read as the protocol's records ({@link VoiceClip}, {@link TrainingRunInfo}, ...), so the tab
 * and the backend share one contract. A backend without that API (404 for the route) leaves the tab
 * in a clear "not available" state instead of failing calls.
 */
public final class TrainingViewModel {

    static final String UPLOAD = "/api/voice/upload";
    static final String PROCESS = "/api/voice/process";
    static final String CLIPS = "/api/voice/clips";
    static final String TRAIN = "/api/voice/train";
    static final String CHECKPOINTS = "/api/voice/checkpoints";
    public static final String NOT_AVAILABLE = "Voice training is not available on this backend (it has no /api/voice endpoints).";
    private static final int LOG_TAIL = 200;
    private static final int MAX_LOSS_POINTS = 2000;
    private static final int CLIP_PAGE = 500;
    private static final long JOB_POLL_MS = 400;
    private static final Set<String> ACTIVE = Set.of("queued", "preparing", "training", "exporting");

    /** One point of the loss chart. */
    public record LossPoint(long step, double loss) {}

    /** One checkpoint a run wrote; {@code exists} is false once the trainer has replaced its file. */
    public record Checkpoint(long id, long runId, String name, int epoch, long step, double loss, String path, boolean exists) {}

    private final BackendClient client;
    private final Executor ui;
    private final SoundSystem sound;
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper uploadProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper uploading = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<String> uploadResults = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper processing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper processProgress = new ReadOnlyDoubleWrapper(0);
    private final ObservableList<ClipRow> clips = FXCollections.observableArrayList();
    private final ObservableList<Checkpoint> checkpoints = FXCollections.observableArrayList();
    private final StringProperty speaker = new SimpleStringProperty("");
    // Train form
    private final ObjectProperty<@Nullable Long> characterId = new SimpleObjectProperty<>();
    private final StringProperty voiceName = new SimpleStringProperty("");
    private final StringProperty baseCheckpoint = new SimpleStringProperty("");
    private final IntegerProperty epochs = new SimpleIntegerProperty(100);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(16);
    private final StringProperty quality = new SimpleStringProperty("medium");
    private final StringProperty espeakVoice = new SimpleStringProperty("en-us");
    // The run
    private final ObjectProperty<@Nullable Long> runId = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper runStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper runProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper runDetail = new ReadOnlyStringWrapper("");
    private final LongProperty processedClips = new SimpleLongProperty(0);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final ObservableList<LossPoint> loss = FXCollections.observableArrayList();
    private final ObservableList<String> logTail = FXCollections.observableArrayList();
    private @Nullable String jobId;
    private int runEpochs;
    private long loggedEpoch = -1;
    private long runEnds; // training.completed / training.failed seen for the shown run: an answer they overtook is stale
    private final ProcessingEstimateModel estimate;

    public TrainingViewModel(BackendClient client, Executor ui, SoundSystem sound) {
        this.client = client;
        this.ui = ui;
        this.sound = sound;
        this.estimate = new ProcessingEstimateModel(client, ui);
    }

    /** How long processing is expected to take, as the backend measured it. */
    public ProcessingEstimateModel estimate() {
        return estimate;
    }

    /** Loads clips, checkpoints and the latest run; finds out whether this backend trains voices at all. */
    public CompletableFuture<Void> refresh() {
        estimate.refresh();
        return CompletableFuture.allOf(loadClips(), loadCheckpoints(), loadRuns());
    }

    /** Every clip, page by page (the backend answers at most 500 at a time). */
    public CompletableFuture<Void> loadClips() {
        return call(clipPages(0, new ArrayList<>()), all -> {
            available.set(true);
            clips.setAll(all.stream().map(ClipRow::new).toList());
        });
    }

    private CompletableFuture<List<VoiceClip>> clipPages(long after, List<VoiceClip> so) {
        return client.get(CLIPS + "?limit=" + CLIP_PAGE + (after > 0 ? "&after=" + after : ""), VoiceClipPage.class).thenCompose(page -> {
            so.addAll(page.clips());
            Long next = page.nextAfter();
            return next == null || page.clips().isEmpty() ? CompletableFuture.completedFuture(so) : clipPages(next, so);
        });
    }

    public CompletableFuture<Void> loadCheckpoints() {
        return call(client.get(CHECKPOINTS, CheckpointList.class), list -> checkpoints.setAll(list.checkpoints().stream()
                .map(c -> new Checkpoint(c.id(), c.runId(), c.name(), c.epoch(), c.step(), c.loss() == null ? Double.NaN : c.loss(),
                        c.path(), c.exists()))
                .toList()));
    }

    /** Shows the active run, or else the latest one, so a reopened window picks up where training is. */
    public CompletableFuture<Void> loadRuns() {
        return call(client.get(TRAIN, TrainingRunInfo[].class), runs -> {
            if (runs.length == 0) {
                return;
            }
            TrainingRunInfo shown = Arrays.stream(runs).filter(r -> ACTIVE.contains(r.status())).reduce((a, b) -> b)
                    .orElse(runs[runs.length - 1]);
            Long before = runId.get();
            applyRun(shown);
            if (before == null || before != shown.id()) {
                loadLog(shown.id());
            }
        });
    }

    /** Uploads recordings (read off the UI thread), reporting progress and each file's outcome. */
    public CompletableFuture<Void> upload(List<Path> files) {
        if (files.isEmpty() || uploading.get()) {
            return CompletableFuture.completedFuture(null);
        }
        uploading.set(true);
        uploadProgress.set(0);
        uploadResults.clear();
        String who = speaker.get().strip();
        Long character = characterId.get();
        CompletableFuture<VoiceUploadResponse> work = CompletableFuture.supplyAsync(() -> {
            Multipart form = new Multipart();
            for (Path file : files) {
                try {
                    form.file("file", file.getFileName().toString(), "application/octet-stream", Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
                }
            }
            if (!who.isEmpty()) {
                form.field("speaker", who);
            }
            if (character != null) {
                form.field("character_id", character.toString());
            }
            return form;
        }).thenCompose(form -> {
            long total = form.bytes().length;
            return client.postMultipart(UPLOAD, form, VoiceUploadResponse.class,
                    sent -> ui.execute(() -> uploadProgress.set(Math.min(1.0, (double) sent / total))));
        }).exceptionallyCompose(error -> {
            // Every file refused is a 422 whose body still says why, file by file.
            VoiceUploadResponse refused = refusedUpload(error);
            return refused != null ? CompletableFuture.completedFuture(refused) : CompletableFuture.failedFuture(error);
        });
        return call(work, answer -> {
            uploadProgress.set(1);
            List<String> results = new ArrayList<>();
            for (VoiceUploadResponse.File f : answer.files()) {
                String name = f.fileName() == null ? "file" : f.fileName();
                results.add(f.uploadId() != null
                        ? "✔ " + name + " — " + (f.duration() == null ? "stored" : String.format(Locale.ROOT, "%.1f s", f.duration()))
                        : "✘ " + name + " — " + (f.message() != null ? f.message() : f.error() != null ? f.error() : "refused"));
            }
            uploadResults.setAll(results);
            message.set(answer.accepted() == 0 ? "No file was stored: " + answer.rejected() + " refused (see the list)"
                    : "Uploaded " + answer.accepted() + " of " + answer.files().size() + " files; press Process to cut them into clips");
            estimate.refresh();
        }).whenComplete((v, e) -> ui.execute(() -> uploading.set(false)));
    }

    private @Nullable VoiceUploadResponse refusedUpload(Throwable error) {
        BackendException api = BackendException.of(error);
        if (api == null || api.status() != 422 || api.body().length == 0) {
            return null;
        }
        try {
            return client.json().readValue(api.body(), VoiceUploadResponse.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
        CompletableFuture<Void> started = call(client.post(PROCESS, new VoiceProcessRequest(null), VoiceProcessJob.class), job -> {
            jobId = job.jobId();
            message.set("Processing " + job.uploadIds().size() + " upload(s) (job " + job.jobId() + ")…");
            applyJob(job);
        });
        return started.whenComplete((v, e) -> ui.execute(() -> {
            if (jobId == null) {
                processing.set(false); // refused (nothing to process, no VAD model): the message says why
                processProgress.set(0);
            }
        }));
    }

    private void followJob(String id) {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(JOB_POLL_MS, TimeUnit.MILLISECONDS))
                .thenCompose(v -> client.get(PROCESS + "/" + id, VoiceProcessJob.class))
                .whenCompleteAsync((job, error) -> {
                    if (!id.equals(jobId)) {
                        return;
                    }
                    if (error != null) {
                        jobId = null;
                        processing.set(false);
                        message.set("Lost track of processing job " + id + ": " + BackendException.describe(error));
                    } else {
                        applyJob(job);
                    }
                }, ui);
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
                message.set(job.errors().isEmpty() ? "Processing finished: " + made
                        : "Processing finished with errors (" + made + "): " + job.errors().stream()
                                .map(e -> e.uploadId() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
                // Processing ends with the table reloaded, so no edit made after it is overwritten by an older list.
                loadClips().whenCompleteAsync((v, e) -> processing.set(false), ui);
                estimate.refresh();
            }
        }
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
        return call(client.patch(CLIPS + "/" + clip.id(), update, VoiceClip.class), saved -> {
            clip.update(saved);
            message.set("Clip " + clip.id() + " " + what);
        });
    }

    public CompletableFuture<Void> deleteClip(ClipRow clip) {
        return call(client.delete(CLIPS + "/" + clip.id()), ok -> {
            clips.remove(clip);
            message.set("Clip " + clip.id() + " deleted");
        });
    }

    public CompletableFuture<Void> playClip(ClipRow clip) {
        // Without an output device the player reports it, as it reports any other audio failure.
        return call(client.getBytes(clip.audioUrl()), wav -> {
            sound.play(wav, null, 0.9, r -> {
                if (r.error() != null) {
                    ui.execute(() -> message.set(r.error()));
                }
            });
        });
    }

    /** Starts a training run with the form's values. */
    public CompletableFuture<Void> train() {
        String base = baseCheckpoint.get() == null ? "" : baseCheckpoint.get().strip();
        TrainRequest request = new TrainRequest(characterId.get(), voiceName.get().strip(), base.isEmpty() ? null : base,
                epochs.get(), batchSize.get(), quality.get(), espeakVoice.get(), null);
        CompletableFuture<TrainingRunInfo> work = client.post(TRAIN, request, TrainingRunInfo.class);
        long ends = runEnds;
        return call(work, run -> {
            applyAnswer(run, ends);
            message.set("Training run " + run.id() + " started");
        }).thenCompose(v -> work.isCompletedExceptionally() && conflict(work) ? loadRuns() : CompletableFuture.completedFuture(null));
    }

    /** A 409 means another run is active: the tab shows that one, so it can be followed or cancelled. */
    private static boolean conflict(CompletableFuture<?> work) {
        try {
            work.join();
            return false;
        } catch (RuntimeException e) {
            BackendException api = BackendException.of(e);
            return api != null && api.status() == 409;
        }
    }

    public CompletableFuture<Void> cancel() {
        Long id = runId.get();
        if (id == null) {
            return CompletableFuture.completedFuture(null);
        }
        long ends = runEnds;
        return call(client.post(TRAIN + "/" + id + "/cancel", null, TrainingRunInfo.class), run -> {
            applyAnswer(run, ends);
            message.set("Run " + id + " cancelled");
        });
    }

    public CompletableFuture<Void> resume() {
        Long id = runId.get();
        if (id == null) {
            return CompletableFuture.completedFuture(null);
        }
        long ends = runEnds;
        return call(client.post(TRAIN + "/" + id + "/resume", null, TrainingRunInfo.class), run -> {
            applyAnswer(run, ends);
            message.set("Run " + id + " resumed from its last checkpoint");
        });
    }

    /** Makes a chosen checkpoint the run's voice: exported, installed and given to the character. */
    public CompletableFuture<Void> exportCheckpoint(Checkpoint checkpoint) {
        long ends = runEnds;
        return call(client.post(CHECKPOINTS + "/" + checkpoint.id() + "/export", null, TrainingRunInfo.class), run -> {
            applyAnswer(run, ends);
            message.set("Exporting " + checkpoint.name() + " as the voice of run " + run.id() + "…");
        });
    }

    /** Reads a run's state. */
    public CompletableFuture<Void> loadRun(long id) {
        return call(client.get(TRAIN + "/" + id, TrainingRunInfo.class), this::applyRun);
    }

    /** The last lines of a run's whole trainer log (train.log, then export.log). */
    public CompletableFuture<Void> loadLog(long id) {
        return call(client.getBytes(TRAIN + "/" + id + "/log"), bytes -> {
            if (!Objects.equals(runId.get(), id)) {
                return;
            }
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            logTail.setAll(lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
        });
    }

    private void startRun(long id, int totalEpochs) {
        if (!Objects.equals(runId.get(), id)) {
            loss.clear();
            logTail.clear();
            loggedEpoch = -1;
        }
        runId.set(id);
        runEpochs = totalEpochs;
    }

    /**
     * An answer to train, resume, cancel or export says how the run was when it was accepted; a quick
     * run can end (and its event arrive) before the answer does, so then the run is read again.
     */
    private void applyAnswer(TrainingRunInfo run, long endsBefore) {
        if (runEnds != endsBefore && ACTIVE.contains(run.status())) {
            loadRun(run.id());
        } else {
            applyRun(run);
        }
    }

    private void applyRun(TrainingRunInfo run) {
        if (!Objects.equals(runId.get(), run.id())) {
            startRun(run.id(), run.epochs());
        }
        runEpochs = run.epochs();
        runStatus.set(run.status());
        running.set(ACTIVE.contains(run.status()));
        if (run.epochs() > 0) {
            runProgress.set(run.status().equals("ready") ? 1 : Math.min(1, (double) run.epochsTrained() / run.epochs()));
        }
        runDetail.set(switch (run.status()) {
            case "ready" -> "voice " + run.voice() + " · " + run.epochsTrained() + " epochs" + loss(run.loss());
            case "failed" -> (run.error() == null ? "" : run.error()) + (run.hint() == null ? "" : " · " + run.hint());
            default -> detail(run.epochsTrained(), run.epochs(), run.step(), run.loss(), run.etaS());
        });
    }

    private static String detail(long epoch, int total, long step, @Nullable Double value, @Nullable Long eta) {
        return "epoch " + epoch + " of " + total + " · step " + step + loss(value)
                + (eta != null && eta >= 0 ? " · about " + StatusViewModel.uptime(eta) + " left" : "");
    }

    private static String loss(@Nullable Double value) {
        return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, " · loss %.4f", value);
    }

    /** From the event thread. */
    public void onEvent(EventEnvelope event) {
        ui.execute(() -> apply(event));
    }

    private void apply(EventEnvelope event) {
        Map<String, Object> d = event.data();
        Long eventRun = number(d.get("run_id"), null);
        boolean ours = eventRun == null || eventRun.equals(runId.get()) || runId.get() == null;
        switch (event.type()) {
            case EventTypes.AUDIO_PROCESSED -> {
                processedClips.set(processedClips.get() + 1);
                long done = number(d.get("uploads_done"), 0L);
                long total = number(d.get("uploads_total"), 0L);
                if (total > 0 && done > 0) {
                    processProgress.set(Math.min(1, (double) done / total));
                }
                if (processing.get()) { // a late event must not hide the job's summary
                    message.set(event.message());
                }
                Long clip = number(d.get("clip_id"), null);
                if (clip != null) {
                    addClip(clip);
                }
            }
            case EventTypes.TRAINING_STARTED -> {
                if (eventRun == null) {
                    return;
                }
                startRun(eventRun, number(d.get("epochs"), (long) runEpochs).intValue());
                runStatus.set("queued");
                running.set(true);
                tail(event.message());
            }
            case EventTypes.TRAINING_PROGRESS -> {
                if (!ours || eventRun == null) {
                    return;
                }
                runId.set(eventRun);
                long epoch = number(d.get("epoch"), 0L);
                long step = number(d.get("step"), (long) loss.size());
                Double value = d.get("loss") instanceof Number n ? n.doubleValue() : null;
                int total = number(d.get("epochs"), (long) (runEpochs > 0 ? runEpochs : epochs.get())).intValue();
                runEpochs = total;
                runStatus.set("training");
                running.set(true);
                if (total > 0) {
                    runProgress.set(Math.min(1, (double) epoch / total));
                }
                if (value != null && !value.isNaN()) {
                    loss.add(new LossPoint(step, value));
                    if (loss.size() > MAX_LOSS_POINTS) {
                        loss.remove(0, loss.size() - MAX_LOSS_POINTS);
                    }
                }
                runDetail.set(detail(epoch, total, step, value, number(d.get("eta_s"), null)));
                if (epoch != loggedEpoch) { // the trainer's own lines, once an epoch: events carry only numbers
                    loggedEpoch = epoch;
                    loadLog(eventRun);
                }
            }
            case EventTypes.TRAINING_COMPLETED -> {
                if (!ours) {
                    return;
                }
                runEnds++;
                runStatus.set("ready");
                running.set(false);
                runProgress.set(1);
                runDetail.set("voice " + d.get("voice") + " · " + number(d.get("epochs_trained"), 0L) + " epochs"
                        + loss(d.get("loss") instanceof Number n ? n.doubleValue() : null));
                message.set(event.message());
                loadCheckpoints();
                if (eventRun != null) {
                    loadLog(eventRun).thenRun(() -> ui.execute(() -> tail(event.message())));
                }
            }
            case EventTypes.TRAINING_FAILED -> {
                if (!ours) {
                    return;
                }
                runEnds++;
                runStatus.set(d.get("status") instanceof String s ? s : "failed");
                running.set(false);
                tail(event.message());
                if (d.get("last_lines") instanceof List<?> lines) {
                    lines.forEach(l -> tail(String.valueOf(l)));
                }
                if (d.get("hint") instanceof String hint) {
                    tail("Hint: " + hint);
                }
                runDetail.set((d.get("error") instanceof String e ? e : runStatus.get())
                        + (d.get("hint") instanceof String hint ? " · " + hint : ""));
                message.set(event.message());
                loadCheckpoints();
            }
            case EventTypes.MODEL_SAVED -> loadCheckpoints();
            default -> { }
        }
    }

    /** A clip the processing job just made, read whole from the backend and put in its place. */
    private void addClip(long id) {
        call(client.get(CLIPS + "/" + id, VoiceClip.class), clip -> {
            for (int i = 0; i < clips.size(); i++) {
                if (clips.get(i).id() == id) {
                    clips.set(i, new ClipRow(clip));
                    return;
                }
            }
            clips.add(new ClipRow(clip));
        });
    }

    private void tail(String line) {
        logTail.add(line);
        if (logTail.size() > LOG_TAIL) {
            logTail.remove(0, logTail.size() - LOG_TAIL);
        }
    }

    private static Long number(@Nullable Object value, @Nullable Long fallback) {
        return value instanceof Number n ? Long.valueOf(n.longValue()) : fallback;
    }

    /** Runs {@code ok} with the answer; a 404 for a missing route switches the tab to "not available", other errors show. */
    private <T> CompletableFuture<Void> call(CompletableFuture<T> work, java.util.function.Consumer<T> ok) {
        return work.handleAsync((value, error) -> {
            if (error == null) {
                ok.accept(value);
            } else if (Tasks.isNotFound(error) && isVoiceApiMissing(error)) {
                available.set(false);
                message.set(NOT_AVAILABLE);
            } else {
                message.set(BackendException.describe(error));
            }
            return null;
        }, ui);
    }

    /**
     * A 404 for a clip or a run that is gone is not the whole API missing: only the backend's
     * answer for a route it does not have ("There is no /api/voice/... here") is.
     */
    private static boolean isVoiceApiMissing(Throwable error) {
        BackendException api = BackendException.of(error);
        return api != null && (api.status() == 405 || api.getMessage().contains("There is no /api/voice"));
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
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

    public ObservableList<ClipRow> clips() {
        return clips;
    }

    public ObservableList<Checkpoint> checkpoints() {
        return checkpoints;
    }

    public StringProperty speakerProperty() {
        return speaker;
    }

    public ObjectProperty<@Nullable Long> characterIdProperty() {
        return characterId;
    }

    public StringProperty voiceNameProperty() {
        return voiceName;
    }

    public StringProperty baseCheckpointProperty() {
        return baseCheckpoint;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public StringProperty qualityProperty() {
        return quality;
    }

    public StringProperty espeakVoiceProperty() {
        return espeakVoice;
    }

    public ObjectProperty<@Nullable Long> runIdProperty() {
        return runId;
    }

    public ReadOnlyStringProperty runStatusProperty() {
        return runStatus.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty runProgressProperty() {
        return runProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty runDetailProperty() {
        return runDetail.getReadOnlyProperty();
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public LongProperty processedClipsProperty() {
        return processedClips;
    }

    public ObservableList<LossPoint> loss() {
        return loss;
    }

    public ObservableList<String> logTail() {
        return logTail;
    }
}
