package dev.vtubermiku.server.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.training.ProgressTracker;
import dev.vtubermiku.core.training.RunState;
import dev.vtubermiku.core.training.TrainerOutput;
import dev.vtubermiku.protocol.CheckpointList;
import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.protocol.TrainingRunInfo;
import dev.vtubermiku.protocol.event.TrainingStarted;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.models.ModelCatalog;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.ModelDao;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.TrainingModelRow;
import dev.vtubermiku.server.store.VoiceClipRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training runs, one at a time: export the dataset, run piper1-gpl's {@code fit} as a supervised
 * child process, turn its console and metrics file into {@code training.progress} events and
 * {@code models} rows (the run, and one row per checkpoint), then export ONNX, complete the config,
 * install the voice in MODELS_DIR/piper, check that it loads and speaks, and give it to the character.
 * A run the server did not see to its end is marked interrupted at the next start and can be resumed
 * from its last checkpoint.
 */
public final class TrainingRuns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainingRuns.class);
    private static final Duration WATCH = Duration.ofMillis(500);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Database database;
    private final VoiceFolders folders;
    private final EventBus bus;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final ExecutorService runner;
    private final ScheduledExecutorService scheduler;
    private final RunRules rules;
    private final RunJournal journal;
    private final VoiceInstaller installer;
    private final RunDataset datasets;
    private final Object lock = new Object();
    private @Nullable ActiveRun active;
    private volatile boolean closed;

    public TrainingRuns(Database database, VoiceFolders folders, EventBus bus, Supplier<Settings> settings, Clock clock,
            ObjectMapper json, ExecutorService runner, ScheduledExecutorService scheduler, ModelCatalog catalog,
            Characters characters, TextToSpeech tts, Runnable reloadVoices) {
        this.database = database;
        this.folders = folders;
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
        this.runner = runner;
        this.scheduler = scheduler;
        this.rules = new RunRules(characters, settings, catalog);
        this.journal = new RunJournal(database, bus, clock, json, () -> closed);
        this.datasets = new RunDataset(database, folders);
        this.installer = new VoiceInstaller(database, journal, bus, settings, clock, json, characters, tts, reloadVoices);
    }

    // --- requests ---------------------------------------------------------------------------------

    /** Starts a run; see {@link TrainRequest}. */
    public TrainingRunInfo start(TrainRequest request) {
        RunParams draft = rules.validate(request);
        synchronized (lock) {
            refuseWhenBusy();
            List<VoiceClipRow> clips = database.readDao(TrainingDataDao.class).trainable(draft.speaker());
            double seconds = clips.stream().mapToDouble(VoiceClipRow::duration).sum();
            int min = settings.get().voiceMinTrainSeconds();
            if (seconds < min) {
                throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, String.format(Locale.ROOT,
                        "Too little audio to train on: %.0f s in %d included clip(s) with a transcript; at least %d s are "
                                + "needed (VOICE_MIN_TRAIN_SECONDS), and 10-15 minutes clone a voice well. Upload and process "
                                + "more recordings, or add transcripts to clips that need one.", seconds, clips.size(), min));
            }
            RunParams params = new RunParams(draft.name(), draft.characterId(), draft.baseCheckpoint(), draft.epochs(),
                    draft.batchSize(), draft.quality(), draft.espeakVoice(), draft.speaker(), draft.baseEpoch(), clips.size(),
                    Math.round(seconds * 10) / 10.0);
            long id = database.writeDao(ModelDao.class).insertTraining("run", params.name(), null, params.characterId(),
                    "queued", null, journal.write(params), 0, 0, null, clock.instant());
            ActiveRun run = new ActiveRun(id, params, new RunState.Queued());
            active = run;
            bus.publish(TrainingStarted.started(id, params.name(), params.characterId(), params.clips(), params.audioSeconds(),
                    params.epochs(), params.baseCheckpoint()), Severity.INFO, "Training run " + id + " (" + params.name() + ") started");
            TrainingRunInfo queued = info(id); // as it was queued: the run's thread moves on at once
            runner.execute(() -> execute(run, null));
            return queued;
        }
    }

    /** Continues an interrupted, failed or cancelled run from its last checkpoint. */
    public TrainingRunInfo resume(long runId) {
        TrainingModelRow row = journal.run(runId);
        RunState state = RunState.parse(row.status(), row.error(), row.hint());
        if (!state.canBecome(new RunState.Queued())) {
            throw new VoiceException(VoiceException.Kind.CONFLICT, "Run " + runId + " is " + row.status()
                    + "; only interrupted, failed or cancelled runs can be resumed.");
        }
        Path checkpoint = LightningLayout.latestCheckpoint(folders.run(runId)).orElseThrow(() -> new VoiceException(VoiceException.Kind.CONFLICT,
                "Run " + runId + " wrote no checkpoint to resume from; start a new run instead."));
        RunParams params = journal.params(row);
        synchronized (lock) {
            refuseWhenBusy();
            database.writeDao(ModelDao.class).endRun(runId, "queued", null, null, clock.instant());
            ActiveRun run = new ActiveRun(runId, params, new RunState.Queued());
            active = run;
            bus.publish(TrainingStarted.resumed(runId, checkpoint.toString()), Severity.INFO,
                    "Training run " + runId + " resumed from " + checkpoint.getFileName());
            TrainingRunInfo queued = info(runId);
            runner.execute(() -> execute(run, checkpoint));
            return queued;
        }
    }

    /** Ends a running run and every process its trainer started. */
    public TrainingRunInfo cancel(long runId) {
        TrainingModelRow row = journal.run(runId);
        ActiveRun run;
        synchronized (lock) {
            run = active;
            if (run == null || run.runId != runId) {
                throw new VoiceException(VoiceException.Kind.CONFLICT, "Run " + runId + " is " + row.status() + ", not running.");
            }
            run.cancelled = true;
        }
        TrainerProcess process = run.process;
        if (process != null) {
            process.killTree(KILL_GRACE);
        }
        // The run's thread records the end; wait for it briefly so the answer shows it.
        try {
            run.ended.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return info(runId);
    }

    public TrainingRunInfo info(long runId) {
        TrainingModelRow row = journal.run(runId);
        RunParams p = journal.params(row);
        ActiveRun a = active;
        boolean live = a != null && a.runId == runId;
        ProgressTracker tracker = live ? a.tracker : null;
        Long eta = tracker == null ? null : tracker.current().etaSeconds();
        List<String> tail = live ? a.tail : RunJournal.readTail(folders.run(runId).resolve("train.log"));
        return new TrainingRunInfo(row.id(), row.name(), row.status(), row.characterId(), p.epochs(), row.epochsTrained(),
                row.step(), row.loss(), eta, p.baseCheckpoint(), p.batchSize(), p.quality(), p.espeakVoice(), p.clips(),
                p.audioSeconds(), row.voice(), row.modelPath(), row.error(), row.hint(), tail, row.createdAt(), row.updatedAt());
    }

    /** The run's trainer output as written (progress bar redraws included), training then export. */
    public String log(long runId) {
        journal.run(runId);
        StringBuilder text = new StringBuilder();
        for (String name : List.of("train.log", "export.log")) {
            Path file = folders.run(runId).resolve(name);
            try {
                if (Files.isRegularFile(file)) {
                    text.append(Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return text.toString();
    }

    public List<TrainingRunInfo> list() {
        return database.readDao(ModelDao.class).byKind("run").stream().map(r -> info(r.id())).toList();
    }

    public CheckpointList checkpoints(@Nullable Long runId) {
        return new CheckpointList(database.readDao(ModelDao.class).checkpoints(runId).stream().map(c -> {
            Path path = Path.of(c.modelPath() == null ? "" : c.modelPath());
            long size = 0;
            try {
                size = Files.isRegularFile(path) ? Files.size(path) : 0;
            } catch (IOException e) {
                log.debug("Cannot read the size of {}", path, e);
            }
            return new CheckpointList.Checkpoint(c.id(), c.runId() == null ? 0 : c.runId(), c.name(), path.toString(),
                    c.epochsTrained(), c.step(), c.loss(), Files.isRegularFile(path), size, c.createdAt());
        }).toList());
    }

    /**
     * Exports a chosen checkpoint as a voice (while no run trains): ONNX, complete config, installed,
     * loaded, and given to the run's character. Runs in the background; the run's events tell the outcome.
     */
    public TrainingRunInfo exportCheckpoint(long checkpointId) {
        TrainingModelRow ckpt = database.readDao(ModelDao.class).training(checkpointId)
                .filter(r -> r.kind().equals("checkpoint"))
                .orElseThrow(() -> new VoiceException(VoiceException.Kind.NOT_FOUND, "There is no checkpoint " + checkpointId + "."));
        Path file = Path.of(ckpt.modelPath() == null ? "" : ckpt.modelPath());
        if (!Files.isRegularFile(file)) {
            throw new VoiceException(VoiceException.Kind.CONFLICT, "Checkpoint " + checkpointId
                    + " is gone: the trainer keeps only its best few. Choose another from GET /api/voice/checkpoints.");
        }
        long runId = ckpt.runId() == null ? 0 : ckpt.runId();
        TrainingModelRow row = journal.run(runId);
        synchronized (lock) {
            refuseWhenBusy();
            ActiveRun run = new ActiveRun(runId, journal.params(row), RunState.parse(row.status(), row.error(), row.hint()));
            active = run;
            runner.execute(() -> {
                try {
                    String voice = export(run, file, false);
                    installer.finish(run, voice, row.epochsTrained(), false);
                } catch (RunFailure f) {
                    journal.failed(run, f);
                } catch (RuntimeException e) {
                    log.error("Exporting checkpoint {} failed", checkpointId, e);
                    journal.failed(run, new RunFailure("exporting failed: " + e.getMessage(), "see the log", List.of()));
                } finally {
                    release(run);
                }
            });
        }
        return info(runId);
    }

    // --- the run ------------------------------------------------------------------------------------

    private void execute(ActiveRun run, @Nullable Path resumeFrom) {
        Path dir = folders.run(run.runId);
        RunParams p = run.params;
        ScheduledFuture<?> watcher = null;
        try {
            journal.move(run, new RunState.Preparing());
            DatasetExport.Dataset dataset = datasets.prepare(run, dir, resumeFrom != null);
            Path checkpoint = resumeFrom != null ? resumeFrom : p.baseCheckpoint() == null ? null : Path.of(p.baseCheckpoint());
            int startEpoch = resumeFrom == null ? p.baseEpoch() : LightningLayout.epochAfter(resumeFrom).orElse(p.baseEpoch());
            ProgressTracker tracker = new ProgressTracker(clock, p.baseEpoch() + p.epochs(), startEpoch);
            run.tracker = tracker;
            TrainerCommands.Fit fit = new TrainerCommands.Fit(installer.voiceName(run), dataset.metadata(), dataset.wavs(),
                    TrainerCommands.sampleRate(p.quality()), p.espeakVoice(), dir.resolve("cache"), dir.resolve("config.json"),
                    p.batchSize(), p.baseEpoch() + p.epochs(), dir, checkpoint);
            List<String> command = TrainerCommands.fit(settings.get().trainerPython(), fit);
            journal.move(run, new RunState.Training());
            TrainerWatch watch = new TrainerWatch(run, dir, tracker, database, bus, clock);
            TrainerProcess process = spawn(run, command, dir, dir.resolve("train.log"), watch::console);
            watcher = scheduler.scheduleWithFixedDelay(watch::scan, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
            int code = process.waitFor();
            watcher.cancel(false);
            watch.scan();
            watch.scan(); // a checkpoint written just before the end is taken on the second look (its size settled)
            run.tail = process.tail();
            if (journal.stopped(run)) {
                return;
            }
            if (code != 0) {
                throw new RunFailure("the trainer exited with code " + code, TrainerOutput.hint(code, process.tail()), process.tail(), code);
            }
            Path last = LightningLayout.latestCheckpoint(dir).orElseThrow(() -> new RunFailure("the trainer ended without writing a checkpoint",
                    "train for more epochs, or check the log", process.tail()));
            String voice = export(run, last, true);
            installer.finish(run, voice, Math.max(0, tracker.epochsDone() - p.baseEpoch()), true);
        } catch (RunFailure f) {
            if (!journal.stopped(run)) {
                journal.failed(run, f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            journal.stopped(run);
        } catch (RuntimeException | IOException e) {
            log.error("Training run {} failed", run.runId, e);
            if (!journal.stopped(run)) {
                journal.failed(run, new RunFailure("training failed: " + e.getMessage(), "see the log", run.tail));
            }
        } finally {
            if (watcher != null) {
                watcher.cancel(false);
            }
            datasets.deletePlainClips(dir);
            release(run);
        }
    }

    private TrainerProcess spawn(ActiveRun run, List<String> command, Path dir, Path logFile,
            java.util.function.Consumer<String> console) throws RunFailure {
        try {
            TrainerProcess process = TrainerProcess.start(command, dir, logFile, Map.of(), console);
            run.process = process;
            TrainerOrphans.record(dir, process.pid());
            log.info("Run {}: started {} (pid {})", run.runId, String.join(" ", command), process.pid());
            if (run.cancelled) {
                process.killTree(KILL_GRACE); // cancelled while it was starting
            }
            return process;
        } catch (IOException e) {
            String python = command.getFirst();
            throw new RunFailure("cannot start " + python + ": " + e.getMessage(),
                    "install Python 3.10+ and piper1-gpl's training extras (./vtuber trainer setup), or set PIPER_TRAIN_PYTHON",
                    List.of());
        }
    }

    /** ONNX export of {@code checkpoint}, then the voice installed and checked; returns its name. */
    /** @param runStep part of the run (it moves to exporting), not an export of a chosen checkpoint later */
    private String export(ActiveRun run, Path checkpoint, boolean runStep) throws RunFailure {
        if (runStep) {
            journal.move(run, new RunState.Exporting());
        }
        Path dir = folders.run(run.runId);
        String voice = installer.voiceName(run);
        Path onnx = dir.resolve("export").resolve(voice + ".onnx");
        TrainerProcess process = spawn(run, TrainerCommands.exportOnnx(settings.get().trainerPython(), checkpoint, onnx), dir,
                dir.resolve("export.log"), line -> {});
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("exporting was interrupted", "resume the run", process.tail());
        }
        run.tail = process.tail();
        if (journal.stopped(run)) {
            throw new RunFailure("stopped", "", List.of());
        }
        if (code != 0 || !Files.isRegularFile(onnx)) {
            throw new RunFailure(code != 0 ? "export_onnx exited with code " + code : "export_onnx wrote no " + onnx.getFileName(),
                    TrainerOutput.hint(code, process.tail()), process.tail(), code);
        }
        installer.install(run, voice, onnx, dir);
        return voice;
    }

    private void release(ActiveRun run) {
        synchronized (lock) {
            if (active == run) {
                active = null;
            }
        }
        run.ended.countDown();
    }

    private void refuseWhenBusy() {
        ActiveRun a = active;
        if (a != null) {
            throw new VoiceException(VoiceException.Kind.CONFLICT, "Training run " + a.runId + " is " + a.state.wire()
                    + "; one run at a time. Wait for it, or cancel it (POST /api/voice/train/" + a.runId + "/cancel).");
        }
    }

    // --- start-up and shutdown -------------------------------------------------------------------

    /**
     * Marks runs that were active when the server last stopped as interrupted, and ends a trainer
     * that outlived it (it runs in its own process group, so it survives a crash of the backend).
     */
    public void recover() {
        for (TrainingModelRow row : database.readDao(ModelDao.class).activeRuns()) {
            TrainerOrphans.end(row.id(), folders.run(row.id()));
            journal.interrupted(row);
        }
    }

    /** Ends a running trainer; its run is recorded as interrupted, to be resumed after the restart. */
    @Override
    public void close() {
        closed = true;
        ActiveRun a = active;
        if (a != null) {
            TrainerProcess p = a.process;
            if (p != null) {
                p.killTree(KILL_GRACE);
            }
            journal.stopped(a);
        }
    }
}
