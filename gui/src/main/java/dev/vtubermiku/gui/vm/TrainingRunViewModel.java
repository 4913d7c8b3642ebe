package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.gui.net.VoiceTrainingClient;
import dev.vtubermiku.gui.vm.TrainingViewModel.Checkpoint;
import dev.vtubermiku.gui.vm.TrainingViewModel.LossPoint;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.protocol.TrainingRunInfo;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.protocol.event.TrainingCompleted;
import dev.vtubermiku.protocol.event.TrainingFailed;
import dev.vtubermiku.protocol.event.TrainingProgressed;
import dev.vtubermiku.protocol.event.TrainingStarted;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The Training tab's train form and its run: start, cancel, resume, the run's state and progress
 * from {@code training.*} events, the loss chart, the trainer's log, and the checkpoints (one can
 * become the voice).
 */
public final class TrainingRunViewModel {

    private static final int LOG_TAIL = 200;
    private static final int MAX_LOSS_POINTS = 2000;
    private static final Set<String> ACTIVE = Set.of("queued", "preparing", "training", "exporting");

    private final VoiceTrainingClient api;
    private final TrainingTab tab;
    // The form
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
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final ObservableList<LossPoint> loss = FXCollections.observableArrayList();
    private final ObservableList<String> logTail = FXCollections.observableArrayList();
    private final ObservableList<Checkpoint> checkpoints = FXCollections.observableArrayList();
    private int runEpochs;
    private long loggedEpoch = -1;
    private long runEnds; // training.completed / training.failed seen for the shown run: an answer they overtook is stale

    TrainingRunViewModel(VoiceTrainingClient api, TrainingTab tab) {
        this.api = api;
        this.tab = tab;
    }

    public CompletableFuture<Void> loadCheckpoints() {
        return tab.call(api.checkpoints(), list -> checkpoints.setAll(list.checkpoints().stream()
                .map(c -> new Checkpoint(c.id(), c.runId(), c.name(), c.epoch(), c.step(), c.loss() == null ? Double.NaN : c.loss(),
                        c.path(), c.exists()))
                .toList()));
    }

    /** Shows the active run, or else the latest one, so a reopened window picks up where training is. */
    public CompletableFuture<Void> loadRuns() {
        return tab.call(api.runs(), runs -> {
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

    /** Starts a training run with the form's values. */
    public CompletableFuture<Void> train() {
        String base = baseCheckpoint.get() == null ? "" : baseCheckpoint.get().strip();
        TrainRequest request = new TrainRequest(characterId.get(), voiceName.get().strip(), base.isEmpty() ? null : base,
                epochs.get(), batchSize.get(), quality.get(), espeakVoice.get(), null);
        CompletableFuture<TrainingRunInfo> work = api.train(request);
        long ends = runEnds;
        return tab.call(work, run -> {
            applyAnswer(run, ends);
            tab.message.set("Training run " + run.id() + " started");
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
        return tab.call(api.cancel(id), run -> {
            applyAnswer(run, ends);
            tab.message.set("Run " + id + " cancelled");
        });
    }

    public CompletableFuture<Void> resume() {
        Long id = runId.get();
        if (id == null) {
            return CompletableFuture.completedFuture(null);
        }
        long ends = runEnds;
        return tab.call(api.resume(id), run -> {
            applyAnswer(run, ends);
            tab.message.set("Run " + id + " resumed from its last checkpoint");
        });
    }

    /** Makes a chosen checkpoint the run's voice: exported, installed and given to the character. */
    public CompletableFuture<Void> exportCheckpoint(Checkpoint checkpoint) {
        long ends = runEnds;
        return tab.call(api.exportCheckpoint(checkpoint.id()), run -> {
            applyAnswer(run, ends);
            tab.message.set("Exporting " + checkpoint.name() + " as the voice of run " + run.id() + "…");
        });
    }

    /** Reads a run's state. */
    public CompletableFuture<Void> loadRun(long id) {
        return tab.call(api.run(id), this::applyRun);
    }

    /** The last lines of a run's whole trainer log (train.log, then export.log). */
    public CompletableFuture<Void> loadLog(long id) {
        return tab.call(api.log(id), bytes -> {
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

    /** A {@code training.*} or {@code model.saved} event, on the UI thread. */
    void apply(EventEnvelope event) {
        Object eventRun = event.data().get("run_id");
        boolean ours = !(eventRun instanceof Number n) || runId.get() == null || n.longValue() == runId.get();
        switch (event.type()) {
            case EventTypes.TRAINING_STARTED -> {
                TrainingStarted started = EventPayload.decode(event.data(), TrainingStarted.class);
                startRun(started.runId(), started.epochs() == null ? runEpochs : started.epochs());
                runStatus.set("queued");
                running.set(true);
                tail(event.message());
            }
            case EventTypes.TRAINING_PROGRESS -> {
                if (ours) {
                    progressed(EventPayload.decode(event.data(), TrainingProgressed.class));
                }
            }
            case EventTypes.TRAINING_COMPLETED -> {
                if (ours) {
                    completed(EventPayload.decode(event.data(), TrainingCompleted.class), event.message());
                }
            }
            case EventTypes.TRAINING_FAILED -> {
                if (ours) {
                    failed(EventPayload.decode(event.data(), TrainingFailed.class), event.message());
                }
            }
            case EventTypes.MODEL_SAVED -> loadCheckpoints();
            default -> { }
        }
    }

    private void progressed(TrainingProgressed p) {
        runId.set(p.runId());
        int total = p.epochs() > 0 ? p.epochs() : runEpochs > 0 ? runEpochs : epochs.get();
        runEpochs = total;
        runStatus.set("training");
        running.set(true);
        if (total > 0) {
            runProgress.set(Math.min(1, (double) p.epoch() / total));
        }
        Double value = p.loss();
        if (value != null && !value.isNaN()) {
            loss.add(new LossPoint(p.step(), value));
            if (loss.size() > MAX_LOSS_POINTS) {
                loss.remove(0, loss.size() - MAX_LOSS_POINTS);
            }
        }
        runDetail.set(detail(p.epoch(), total, p.step(), value, p.etaS()));
        if (p.epoch() != loggedEpoch) { // the trainer's own lines, once an epoch: events carry only numbers
            loggedEpoch = p.epoch();
            loadLog(p.runId());
        }
    }

    private void completed(TrainingCompleted done, String message) {
        runEnds++;
        runStatus.set("ready");
        running.set(false);
        runProgress.set(1);
        runDetail.set("voice " + done.voice() + " · " + done.epochsTrained() + " epochs" + loss(done.loss()));
        tab.message.set(message);
        loadCheckpoints();
        loadLog(done.runId()).thenRun(() -> tab.ui.execute(() -> tail(message)));
    }

    private void failed(TrainingFailed failed, String message) {
        runEnds++;
        runStatus.set(failed.status() != null ? failed.status() : "failed");
        running.set(false);
        tail(message);
        if (failed.lastLines() != null) {
            failed.lastLines().forEach(this::tail);
        }
        if (failed.hint() != null) {
            tail("Hint: " + failed.hint());
        }
        runDetail.set((failed.error() != null ? failed.error() : runStatus.get()) + (failed.hint() != null ? " · " + failed.hint() : ""));
        tab.message.set(message);
        loadCheckpoints();
    }

    private void tail(String line) {
        logTail.add(line);
        if (logTail.size() > LOG_TAIL) {
            logTail.remove(0, logTail.size() - LOG_TAIL);
        }
    }

    public ObservableList<Checkpoint> checkpoints() {
        return checkpoints;
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

    public ObservableList<LossPoint> loss() {
        return loss;
    }

    public ObservableList<String> logTail() {
        return logTail;
    }
}
