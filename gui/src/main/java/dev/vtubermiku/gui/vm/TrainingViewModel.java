package dev.vtubermiku.gui.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.ApiException;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.Multipart;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The Training tab, against the voice-training API (issue 5): upload recordings, process them into
 * clips, review the clips, train, watch the loss, cancel or resume, see the checkpoints. A backend
 * without that API (404) leaves the tab in a clear "not available" state instead of failing calls.
 * Answers are read field by field (JsonNode), so extra or missing fields never break the tab.
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

    /** One point of the loss chart. */
    public record LossPoint(long step, double loss) {}

    /** One checkpoint of a run. */
    public record Checkpoint(long id, String name, String status, long epochs, double loss, String path) {}

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
    private long processTotal;

    public TrainingViewModel(BackendClient client, Executor ui, SoundSystem sound) {
        this.client = client;
        this.ui = ui;
        this.sound = sound;
    }

    /** Loads clips and checkpoints; finds out whether this backend trains voices at all. */
    public CompletableFuture<Void> refresh() {
        return CompletableFuture.allOf(loadClips(), loadCheckpoints());
    }

    public CompletableFuture<Void> loadClips() {
        return call(client.getJson(CLIPS), node -> {
            available.set(true);
            List<ClipRow> rows = new ArrayList<>();
            for (JsonNode clip : items(node, "clips")) {
                rows.add(new ClipRow(clip));
            }
            clips.setAll(rows);
        });
    }

    public CompletableFuture<Void> loadCheckpoints() {
        return call(client.getJson(CHECKPOINTS), node -> {
            List<Checkpoint> rows = new ArrayList<>();
            for (JsonNode c : items(node, "checkpoints")) {
                rows.add(new Checkpoint(c.path("id").asLong(), c.path("name").asText(c.path("model_path").asText("")),
                        c.path("status").asText(""), c.path("epochs_trained").asLong(c.path("epoch").asLong()),
                        c.path("loss").asDouble(Double.NaN), c.path("path").asText(c.path("model_path").asText(""))));
            }
            checkpoints.setAll(rows);
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
        CompletableFuture<JsonNode> work = CompletableFuture.supplyAsync(() -> {
            Multipart form = new Multipart();
            for (Path file : files) {
                try {
                    form.file("files", file.getFileName().toString(), "application/octet-stream", Files.readAllBytes(file));
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
            return client.postMultipart(UPLOAD, form, JsonNode.class,
                    sent -> ui.execute(() -> uploadProgress.set(Math.min(1.0, (double) sent / total))));
        });
        return call(work, node -> {
            uploading.set(false);
            uploadProgress.set(1);
            List<String> results = new ArrayList<>();
            for (JsonNode u : items(node, "uploads")) {
                results.add("✔ " + u.path("filename").asText(u.path("original_filename").asText("file")) + " — "
                        + (u.hasNonNull("duration") ? String.format(java.util.Locale.ROOT, "%.1f s", u.get("duration").asDouble()) : "stored"));
            }
            for (JsonNode r : node.path("rejected").isArray() ? node.path("rejected") : node.path("errors")) {
                results.add("✘ " + r.path("filename").asText("file") + " — " + r.path("error").asText(r.path("detail").asText("rejected")));
            }
            uploadResults.setAll(results);
            message.set("Uploaded " + items(node, "uploads").size() + " of " + files.size() + " files; press Process to cut them into clips");
        }).whenComplete((v, e) -> ui.execute(() -> uploading.set(false)));
    }

    /** Starts processing every upload into clips; progress comes from audio.processed events and the job. */
    public CompletableFuture<Void> process() {
        processing.set(true);
        processProgress.set(-1);
        processedClips.set(0);
        return call(client.post(PROCESS, Map.of(), JsonNode.class), job -> {
            processTotal = job.path("total").asLong(0);
            message.set("Processing" + (job.hasNonNull("id") || job.hasNonNull("job_id") ? " (job " + job.path("id").asText(job.path("job_id").asText()) + ")" : "") + "…");
            applyJob(job);
        }).whenComplete((v, e) -> {
            if (e != null) {
                ui.execute(() -> processing.set(false));
            }
        });
    }

    private void applyJob(JsonNode job) {
        String state = job.path("state").asText(job.path("status").asText(""));
        long done = job.path("done").asLong(job.path("processed").asLong(processedClips.get()));
        long total = job.path("total").asLong(processTotal);
        if (total > 0) {
            processProgress.set(Math.min(1, (double) done / total));
        }
        if (state.equals("done") || state.equals("completed") || state.equals("finished") || state.equals("failed")) {
            processing.set(false);
            processProgress.set(state.equals("failed") ? 0 : 1);
            message.set(state.equals("failed") ? "Processing failed: " + job.path("error").asText("") : "Processing finished");
            loadClips();
        }
    }

    public CompletableFuture<Void> saveClip(ClipRow clip) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("transcript", clip.transcriptProperty().get());
        changes.put("emotion", clip.emotionProperty().get());
        changes.put("included", clip.includedProperty().get());
        return call(client.patch(CLIPS + "/" + clip.id(), changes, JsonNode.class), ok -> message.set("Clip " + clip.id() + " saved"));
    }

    public CompletableFuture<Void> deleteClip(ClipRow clip) {
        return call(client.delete(CLIPS + "/" + clip.id()), ok -> {
            clips.remove(clip);
            message.set("Clip " + clip.id() + " deleted");
        });
    }

    public CompletableFuture<Void> playClip(ClipRow clip) {
        // Without an output device the player reports it, as it reports any other audio failure.
        return call(client.getBytes(CLIPS + "/" + clip.id() + "/audio"), wav -> {
            sound.play(wav, null, 0.9, r -> {
                if (r.error() != null) {
                    ui.execute(() -> message.set(r.error()));
                }
            });
        });
    }

    /** Starts a training run with the form's values. */
    public CompletableFuture<Void> train() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (characterId.get() != null) {
            body.put("character_id", characterId.get());
        }
        body.put("name", voiceName.get().strip());
        if (!baseCheckpoint.get().isBlank()) {
            body.put("base_checkpoint", baseCheckpoint.get().strip());
        }
        body.put("epochs", epochs.get());
        body.put("batch_size", batchSize.get());
        body.put("quality", quality.get());
        body.put("espeak_voice", espeakVoice.get());
        loss.clear();
        logTail.clear();
        return call(client.post(TRAIN, body, JsonNode.class), run -> {
            applyRun(run);
            message.set("Training run " + runId.get() + " started");
        });
    }

    public CompletableFuture<Void> cancel() {
        Long id = runId.get();
        if (id == null) {
            return CompletableFuture.completedFuture(null);
        }
        return call(client.post(TRAIN + "/" + id + "/cancel", null, JsonNode.class), run -> {
            applyRun(run);
            message.set("Run " + id + " cancelled");
        });
    }

    public CompletableFuture<Void> resume() {
        Long id = runId.get();
        if (id == null) {
            return CompletableFuture.completedFuture(null);
        }
        return call(client.post(TRAIN + "/" + id + "/resume", null, JsonNode.class), run -> {
            applyRun(run);
            message.set("Run " + id + " resumed");
        });
    }

    /** Reads a run's state and log tail. */
    public CompletableFuture<Void> loadRun(long id) {
        return call(client.getJson(TRAIN + "/" + id), this::applyRun);
    }

    private void applyRun(JsonNode run) {
        if (run.hasNonNull("id") || run.hasNonNull("run_id")) {
            runId.set(run.hasNonNull("run_id") ? run.get("run_id").asLong() : run.get("id").asLong());
        }
        String status = run.path("status").asText(runStatus.get());
        runStatus.set(status);
        running.set(List.of("queued", "preparing", "training", "exporting").contains(status));
        long trained = run.path("epochs_trained").asLong(run.path("epoch").asLong(0));
        long total = run.path("epochs").asLong(epochs.get());
        if (total > 0) {
            runProgress.set(Math.min(1, (double) trained / total));
        }
        JsonNode tail = run.has("log_tail") ? run.get("log_tail") : run.path("log");
        if (tail.isArray()) {
            List<String> lines = new ArrayList<>();
            tail.forEach(l -> lines.add(l.asText()));
            logTail.setAll(lines);
        } else if (tail.isTextual()) {
            logTail.setAll(tail.asText().lines().toList());
        }
        if (run.hasNonNull("loss")) {
            runDetail.set(String.format(java.util.Locale.ROOT, "epoch %d of %d · loss %.4f", trained, total, run.get("loss").asDouble()));
        }
    }

    /** From the event thread. */
    public void onEvent(EventEnvelope event) {
        ui.execute(() -> apply(event));
    }

    private void apply(EventEnvelope event) {
        Map<String, Object> d = event.data();
        switch (event.type()) {
            case EventTypes.AUDIO_PROCESSED -> {
                processedClips.set(processedClips.get() + 1);
                if (processTotal > 0) {
                    processProgress.set(Math.min(1, (double) processedClips.get() / processTotal));
                }
                if (d.get("done") instanceof Boolean done && done || "completed".equals(d.get("state"))) {
                    processing.set(false);
                    processProgress.set(1);
                }
                message.set(event.message());
                loadClips();
            }
            case EventTypes.TRAINING_STARTED -> {
                runId.set(number(d.get("run_id"), runId.get()));
                runStatus.set("training");
                running.set(true);
                tail(event.message());
            }
            case EventTypes.TRAINING_PROGRESS -> {
                Long id = number(d.get("run_id"), runId.get());
                runId.set(id);
                long epoch = number(d.get("epoch"), 0L);
                long step = number(d.get("step"), (long) loss.size());
                double value = d.get("loss") instanceof Number n ? n.doubleValue() : Double.NaN;
                long eta = number(d.get("eta_s"), -1L);
                int total = epochs.get();
                if (d.get("epochs") instanceof Number n) {
                    total = n.intValue();
                }
                runStatus.set("training");
                running.set(true);
                if (total > 0) {
                    runProgress.set(Math.min(1, (double) epoch / total));
                }
                if (!Double.isNaN(value)) {
                    loss.add(new LossPoint(step, value));
                    if (loss.size() > MAX_LOSS_POINTS) {
                        loss.remove(0, loss.size() - MAX_LOSS_POINTS);
                    }
                }
                runDetail.set(String.format(java.util.Locale.ROOT, "epoch %d of %d · step %d · loss %.4f%s", epoch, total, step, value,
                        eta >= 0 ? " · about " + StatusViewModel.uptime(eta) + " left" : ""));
            }
            case EventTypes.TRAINING_COMPLETED -> {
                runStatus.set("ready");
                running.set(false);
                runProgress.set(1);
                tail(event.message());
                message.set(event.message());
                loadCheckpoints();
            }
            case EventTypes.TRAINING_FAILED -> {
                runStatus.set(d.get("status") instanceof String s ? s : "failed");
                running.set(false);
                tail(event.message());
                if (d.get("log_tail") instanceof List<?> lines) {
                    lines.forEach(l -> tail(String.valueOf(l)));
                }
                if (d.get("hint") instanceof String hint) {
                    tail("Hint: " + hint);
                }
                message.set(event.message());
            }
            case EventTypes.MODEL_SAVED -> loadCheckpoints();
            default -> { }
        }
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

    /** A list from an answer that is an array, or an object holding one under {@code key} or "items". */
    static List<JsonNode> items(JsonNode node, String key) {
        JsonNode array = node.isArray() ? node : node.has(key) ? node.get(key) : node.path("items");
        List<JsonNode> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    /** Runs {@code ok} with the answer; a 404 switches the tab to "not available", other errors show. */
    private <T> CompletableFuture<Void> call(CompletableFuture<T> work, java.util.function.Consumer<T> ok) {
        return work.handleAsync((value, error) -> {
            if (error == null) {
                ok.accept(value);
            } else if (Tasks.isNotFound(error) && isVoiceApiMissing(error)) {
                available.set(false);
                message.set(NOT_AVAILABLE);
            } else {
                message.set(ApiException.describe(error));
            }
            return null;
        }, ui);
    }

    /**
     * A 404 for a clip or a run that is gone is not the whole API missing: only the backend's
     * answer for a route it does not have ("There is no /api/voice/... here") is.
     */
    private static boolean isVoiceApiMissing(Throwable error) {
        ApiException api = ApiException.of(error);
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
