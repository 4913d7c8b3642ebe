package dev.vtubermiku.server.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.training.ProgressTracker;
import dev.vtubermiku.core.training.RunState;
import dev.vtubermiku.core.training.TrainerOutput;
import dev.vtubermiku.core.training.TrainingProgress;
import dev.vtubermiku.protocol.CheckpointList;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.protocol.TrainingRunInfo;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.models.ModelCatalog;
import dev.vtubermiku.server.models.ModelEntry;
import dev.vtubermiku.server.models.ModelKind;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.ModelDao;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.TrainingModelRow;
import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.server.store.files.AudioFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,40}");
    private static final Pattern ESPEAK = Pattern.compile("[a-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}");
    private static final Duration WATCH = Duration.ofMillis(500);
    private static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final String CHECK_SENTENCE = "Hello, this is my new voice.";

    private final Database database;
    private final VoiceFolders folders;
    private final EventBus bus;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final ExecutorService runner;
    private final ScheduledExecutorService scheduler;
    private final ModelCatalog catalog;
    private final Characters characters;
    private final TextToSpeech tts;
    private final Runnable reloadVoices;
    private final Object lock = new Object();
    private @Nullable Active active;
    private volatile boolean closed;

    /** How a run was asked for, kept as JSON in {@code models.params}. */
    public record RunParams(String name, @Nullable Long characterId, @Nullable String baseCheckpoint, int epochs,
            int batchSize, String quality, String espeakVoice, @Nullable String speaker, int baseEpoch, int clips,
            double audioSeconds) {}

    /** The run that holds the trainer now. */
    private static final class Active {
        final long runId;
        final RunParams params;
        volatile RunState state;
        volatile @Nullable TrainerProcess process;
        volatile boolean cancelled;
        volatile @Nullable ProgressTracker tracker;
        volatile List<String> tail = List.of();
        final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        Active(long runId, RunParams params, RunState state) {
            this.runId = runId;
            this.params = params;
            this.state = state;
        }
    }

    public TrainingRuns(Database database, VoiceFolders folders, EventBus bus, Supplier<Settings> settings, Clock clock,
            ObjectMapper json, ExecutorService runner, ScheduledExecutorService scheduler, ModelCatalog catalog,
            Characters characters, TextToSpeech tts, Runnable reloadVoices) {
        this.database = database;
        this.folders = folders;
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.runner = runner;
        this.scheduler = scheduler;
        this.catalog = catalog;
        this.characters = characters;
        this.tts = tts;
        this.reloadVoices = reloadVoices;
    }

    // --- requests ---------------------------------------------------------------------------------

    /** Starts a run; see {@link TrainRequest}. */
    public TrainingRunInfo start(TrainRequest request) {
        RunParams draft = validate(request);
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
                    "queued", null, write(params), 0, 0, null, clock.instant());
            Active run = new Active(id, params, new RunState.Queued());
            active = run;
            Map<String, Object> data = runData(id);
            data.put("name", params.name());
            data.put("character_id", params.characterId());
            data.put("clips", params.clips());
            data.put("audio_seconds", params.audioSeconds());
            data.put("epochs", params.epochs());
            data.put("base_checkpoint", params.baseCheckpoint());
            bus.publish(EventTypes.TRAINING_STARTED, Severity.INFO, "Training run " + id + " (" + params.name() + ") started", data);
            TrainingRunInfo queued = info(id); // as it was queued: the run's thread moves on at once
            runner.execute(() -> execute(run, null));
            return queued;
        }
    }

    /** Continues an interrupted, failed or cancelled run from its last checkpoint. */
    public TrainingRunInfo resume(long runId) {
        TrainingModelRow row = run(runId);
        RunState state = RunState.parse(row.status(), row.error(), row.hint());
        if (!state.canBecome(new RunState.Queued())) {
            throw new VoiceException(VoiceException.Kind.CONFLICT, "Run " + runId + " is " + row.status()
                    + "; only interrupted, failed or cancelled runs can be resumed.");
        }
        Path checkpoint = latestCheckpoint(folders.run(runId)).orElseThrow(() -> new VoiceException(VoiceException.Kind.CONFLICT,
                "Run " + runId + " wrote no checkpoint to resume from; start a new run instead."));
        RunParams params = params(row);
        synchronized (lock) {
            refuseWhenBusy();
            database.writeDao(ModelDao.class).endRun(runId, "queued", null, null, clock.instant());
            Active run = new Active(runId, params, new RunState.Queued());
            active = run;
            Map<String, Object> data = runData(runId);
            data.put("resumed", true);
            data.put("checkpoint", checkpoint.toString());
            bus.publish(EventTypes.TRAINING_STARTED, Severity.INFO, "Training run " + runId + " resumed from " + checkpoint.getFileName(), data);
            TrainingRunInfo queued = info(runId);
            runner.execute(() -> execute(run, checkpoint));
            return queued;
        }
    }

    /** Ends a running run and every process its trainer started. */
    public TrainingRunInfo cancel(long runId) {
        TrainingModelRow row = run(runId);
        Active run;
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
        TrainingModelRow row = run(runId);
        RunParams p = params(row);
        Active a = active;
        boolean live = a != null && a.runId == runId;
        ProgressTracker tracker = live ? a.tracker : null;
        Long eta = tracker == null ? null : tracker.current().etaSeconds();
        List<String> tail = live ? a.tail : readTail(folders.run(runId).resolve("train.log"));
        return new TrainingRunInfo(row.id(), row.name(), row.status(), row.characterId(), p.epochs(), row.epochsTrained(),
                row.step(), row.loss(), eta, p.baseCheckpoint(), p.batchSize(), p.quality(), p.espeakVoice(), p.clips(),
                p.audioSeconds(), row.voice(), row.modelPath(), row.error(), row.hint(), tail, row.createdAt(), row.updatedAt());
    }

    /** The run's trainer output as written (progress bar redraws included), training then export. */
    public String log(long runId) {
        run(runId);
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
        TrainingModelRow row = run(runId);
        synchronized (lock) {
            refuseWhenBusy();
            Active run = new Active(runId, params(row), RunState.parse(row.status(), row.error(), row.hint()));
            active = run;
            runner.execute(() -> {
                try {
                    String voice = export(run, file, false);
                    finish(run, voice, row.epochsTrained(), false);
                } catch (RunFailure f) {
                    publishFailure(run, f);
                } catch (RuntimeException e) {
                    log.error("Exporting checkpoint {} failed", checkpointId, e);
                    publishFailure(run, new RunFailure("exporting failed: " + e.getMessage(), "see the log", List.of()));
                } finally {
                    release(run);
                }
            });
        }
        return info(runId);
    }

    // --- the run ------------------------------------------------------------------------------------

    private void execute(Active run, @Nullable Path resumeFrom) {
        Path dir = folders.run(run.runId);
        RunParams p = run.params;
        ScheduledFuture<?> watcher = null;
        try {
            move(run, new RunState.Preparing());
            DatasetExport.Dataset dataset = prepare(run, dir, resumeFrom != null);
            Path checkpoint = resumeFrom != null ? resumeFrom : p.baseCheckpoint() == null ? null : Path.of(p.baseCheckpoint());
            int startEpoch = resumeFrom == null ? p.baseEpoch() : epochAfter(resumeFrom).orElse(p.baseEpoch());
            ProgressTracker tracker = new ProgressTracker(clock, p.baseEpoch() + p.epochs(), startEpoch);
            run.tracker = tracker;
            TrainerCommands.Fit fit = new TrainerCommands.Fit(voiceName(run), dataset.metadata(), dataset.wavs(),
                    TrainerCommands.sampleRate(p.quality()), p.espeakVoice(), dir.resolve("cache"), dir.resolve("config.json"),
                    p.batchSize(), p.baseEpoch() + p.epochs(), dir, checkpoint);
            List<String> command = TrainerCommands.fit(settings.get().trainerPython(), fit);
            move(run, new RunState.Training());
            Watch watch = new Watch(run, dir, tracker);
            TrainerProcess process = spawn(run, command, dir, dir.resolve("train.log"), watch::console);
            watcher = scheduler.scheduleWithFixedDelay(watch::scan, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
            int code = process.waitFor();
            watcher.cancel(false);
            watch.scan();
            watch.scan(); // a checkpoint written just before the end is taken on the second look (its size settled)
            run.tail = process.tail();
            if (stopped(run)) {
                return;
            }
            if (code != 0) {
                throw new RunFailure("the trainer exited with code " + code, TrainerOutput.hint(code, process.tail()), process.tail(), code);
            }
            Path last = latestCheckpoint(dir).orElseThrow(() -> new RunFailure("the trainer ended without writing a checkpoint",
                    "train for more epochs, or check the log", process.tail()));
            String voice = export(run, last, true);
            finish(run, voice, Math.max(0, tracker.epochsDone() - p.baseEpoch()), true);
        } catch (RunFailure f) {
            if (!stopped(run)) {
                publishFailure(run, f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped(run);
        } catch (RuntimeException | IOException e) {
            log.error("Training run {} failed", run.runId, e);
            if (!stopped(run)) {
                publishFailure(run, new RunFailure("training failed: " + e.getMessage(), "see the log", run.tail));
            }
        } finally {
            if (watcher != null) {
                watcher.cancel(false);
            }
            deletePlainClips(dir);
            release(run);
        }
    }

    /**
     * With an encrypted store, the decrypted copies the trainer read (dataset/wavs) and its audio
     * cache live only while the run does: they go when it ends (success, failure or cancel).
     */
    private void deletePlainClips(Path dir) {
        if (folders.files().key().isEmpty()) {
            return;
        }
        for (Path plain : List.of(dir.resolve("dataset/wavs"), dir.resolve("cache"))) {
            try {
                AudioFiles.deleteTree(plain);
            } catch (IOException e) {
                log.warn("Cannot delete the plaintext training copies in {}: {}", plain, e.toString());
            }
        }
    }

    private void restorePlainClips(Path dataset) throws IOException {
        Path wavs = dataset.resolve("wavs");
        Files.createDirectories(wavs);
        for (String line : Files.readAllLines(dataset.resolve("metadata.csv"), StandardCharsets.UTF_8)) {
            String name = line.split("\\|", 2)[0];
            Path source = folders.clips().resolve(name);
            if (!name.isEmpty() && !name.contains("/") && !Files.exists(wavs.resolve(name)) && Files.isRegularFile(source)) {
                folders.files().copyPlain(source, wavs.resolve(name));
            }
        }
    }

    private DatasetExport.Dataset prepare(Active run, Path dir, boolean resuming) throws IOException {
        Path target = dir.resolve("dataset");
        List<VoiceClipRow> clips = database.readDao(TrainingDataDao.class).trainable(run.params.speaker());
        if (resuming && Files.isRegularFile(target.resolve("metadata.csv"))) {
            // The same dataset as before: the trainer's cache and checkpoint belong to it. Its plaintext
            // clips were deleted when the last attempt ended if the store is encrypted: copy them again.
            restorePlainClips(target);
            return new DatasetExport.Dataset(target, target.resolve("metadata.csv"), target.resolve("wavs"), List.of(), 0);
        }
        DatasetExport.Dataset dataset = DatasetExport.export(clips, folders.clips(), folders.files(), target);
        ModelDao models = database.writeDao(ModelDao.class);
        for (VoiceClipRow clip : dataset.clips()) {
            models.recordClip(run.runId, clip.id(), clip.filename(), clip.transcript() == null ? "" : clip.transcript());
        }
        log.info("Run {}: dataset of {} clip(s), {} s, in {}", run.runId, dataset.clips().size(), Math.round(dataset.seconds()), target);
        return dataset;
    }

    private TrainerProcess spawn(Active run, List<String> command, Path dir, Path logFile,
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

    /** ONNX export of {@code checkpoint}, a complete config, the voice installed and checked; returns its name. */
    /** @param runStep part of the run (it moves to exporting), not an export of a chosen checkpoint later */
    private String export(Active run, Path checkpoint, boolean runStep) throws RunFailure {
        if (runStep) {
            move(run, new RunState.Exporting());
        }
        Path dir = folders.run(run.runId);
        Path out = dir.resolve("export");
        String voice = voiceName(run);
        Path onnx = out.resolve(voice + ".onnx");
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
        if (stopped(run)) {
            throw new RunFailure("stopped", "", List.of());
        }
        if (code != 0 || !Files.isRegularFile(onnx)) {
            throw new RunFailure(code != 0 ? "export_onnx exited with code " + code : "export_onnx wrote no " + onnx.getFileName(),
                    TrainerOutput.hint(code, process.tail()), process.tail(), code);
        }
        JsonNode trainerConfig = null;
        Path configFile = dir.resolve("config.json");
        try {
            if (Files.isRegularFile(configFile)) {
                trainerConfig = json.readTree(Files.readString(configFile));
            }
        } catch (IOException e) {
            log.warn("Run {}: the trainer's config {} cannot be read", run.runId, configFile, e);
        }
        PiperVoiceConfig.Completed config;
        try {
            config = PiperVoiceConfig.complete(trainerConfig, voice, run.params.quality(),
                    TrainerCommands.sampleRate(run.params.quality()), run.params.espeakVoice());
        } catch (IllegalArgumentException e) {
            throw new RunFailure("the voice has no usable config: " + e.getMessage(),
                    "check that the trainer wrote " + configFile, run.tail);
        }
        if (!config.droppedPhonemes().isEmpty()) {
            log.info("Run {}: phoneme keys {} left out of the config (piper-jni takes one codepoint per key; the trainer "
                    + "fed them as their parts)", run.runId, config.droppedPhonemes());
        }
        Path piper = settings.get().modelsDir().resolve("piper");
        Path installed = piper.resolve(voice + ".onnx");
        try {
            // The config first: the engine picks a voice up by its .onnx, which must find its config there.
            VoiceFolders.writeAtomically(piper.resolve(voice + ".onnx.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config.config()));
            VoiceFolders.writeAtomically(installed, Files.readAllBytes(onnx));
        } catch (IOException e) {
            throw new RunFailure("cannot install the voice in " + piper + ": " + e.getMessage(), "check free disk space", List.of());
        }
        reloadVoices.run();
        try {
            SpokenAudio spoken = tts.synthesize(CHECK_SENTENCE, voice).get(120, TimeUnit.SECONDS);
            log.info("Run {}: voice {} installed and speaks ({} s for the check sentence)", run.runId, voice,
                    String.format(Locale.ROOT, "%.2f", spoken.seconds()));
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new RunFailure("the exported voice does not load in the Piper engine: " + cause.getMessage(),
                    "see the log; the files are in " + piper, run.tail);
        }
        ModelDao models = database.writeDao(ModelDao.class);
        models.setVoice(run.runId, installed.toString(), voice, clock.instant());
        return voice;
    }

    private void finish(Active run, String voice, int epochs, boolean runStep) {
        RunParams p = run.params;
        Path installed = settings.get().modelsDir().resolve("piper").resolve(voice + ".onnx");
        ModelDao models = database.writeDao(ModelDao.class);
        TrainingModelRow row = run(run.runId);
        long voiceRow = models.insertTraining("voice", voice, installed.toString(), p.characterId(), "ready", run.runId, null,
                epochs, row.step(), row.loss(), clock.instant());
        models.setVoice(voiceRow, installed.toString(), voice, clock.instant());
        if (p.characterId() != null) {
            characters.assignVoice(p.characterId(), voice);
        }
        if (runStep) {
            move(run, new RunState.Ready());
        }
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("name", voice);
        saved.put("kind", "piper");
        saved.put("path", installed.toString());
        saved.put("run_id", run.runId);
        saved.put("model_id", voiceRow);
        bus.publish(EventTypes.MODEL_SAVED, Severity.INFO, "Trained voice " + voice + " installed", saved);
        Map<String, Object> done = runData(run.runId);
        done.put("voice", voice);
        done.put("character_id", p.characterId());
        done.put("epochs_trained", epochs);
        done.put("loss", row.loss());
        done.put("model_path", installed.toString());
        bus.publish(EventTypes.TRAINING_COMPLETED, Severity.INFO, "Training run " + run.runId + " completed: voice " + voice
                + (p.characterId() == null ? "" : " given to character " + p.characterId()), done);
    }

    /** When the run was cancelled or the server is closing: records that (once) and says so. */
    private boolean stopped(Active run) {
        if (!run.cancelled && !closed) {
            return false;
        }
        synchronized (run) { // the run's thread and close() may both get here
            if (!run.state.active()) {
                return true;
            }
            RunState end = closed && !run.cancelled ? new RunState.Interrupted() : new RunState.Cancelled();
            run.state = run.state.become(end);
            database.writeDao(ModelDao.class).endRun(run.runId, end.wire(), run.cancelled ? "cancelled" : "the server stopped",
                    end instanceof RunState.Interrupted ? resumeHint(run.runId) : null, clock.instant());
            Map<String, Object> data = runData(run.runId);
            data.put(run.cancelled ? "cancelled" : "interrupted", true);
            data.put("status", end.wire());
            bus.publish(EventTypes.TRAINING_FAILED, Severity.WARNING, "Training run " + run.runId + " " + end.wire(), data);
        }
        return true;
    }

    private void publishFailure(Active run, RunFailure f) {
        RunState failed = new RunState.Failed(f.getMessage(), f.hint);
        if (run.state.canBecome(failed)) {
            run.state = failed;
            database.writeDao(ModelDao.class).endRun(run.runId, "failed", f.getMessage(), f.hint, clock.instant());
        }
        Map<String, Object> data = runData(run.runId);
        data.put("error", f.getMessage());
        data.put("hint", f.hint);
        data.put("last_lines", f.lastLines);
        if (f.exitCode != null) {
            data.put("exit_code", f.exitCode);
        }
        bus.publish(EventTypes.TRAINING_FAILED, Severity.ERROR, "Training run " + run.runId + " failed: " + f.getMessage(), data);
        log.warn("Training run {} failed: {} ({})", run.runId, f.getMessage(), f.hint);
    }

    private void move(Active run, RunState next) {
        if (closed || run.cancelled) {
            return;
        }
        run.state = run.state.become(next);
        TrainingModelRow row = run(run.runId);
        database.writeDao(ModelDao.class).updateRun(run.runId, next.wire(), row.epochsTrained(), row.step(), row.loss(),
                clock.instant());
    }

    private void release(Active run) {
        synchronized (lock) {
            if (active == run) {
                active = null;
            }
        }
        run.ended.countDown();
    }

    private void refuseWhenBusy() {
        Active a = active;
        if (a != null) {
            throw new VoiceException(VoiceException.Kind.CONFLICT, "Training run " + a.runId + " is " + a.state.wire()
                    + "; one run at a time. Wait for it, or cancel it (POST /api/voice/train/" + a.runId + "/cancel).");
        }
    }

    // --- following the trainer -----------------------------------------------------------------

    /** Reads the console and, every half second, the metrics file and checkpoints of one process. */
    private final class Watch {
        private final Active run;
        private final Path dir;
        private final ProgressTracker tracker;
        private final Map<Path, Long> sizes = new HashMap<>();
        private int metricsRows;
        private Instant lastPublished = Instant.EPOCH;
        private int lastEpoch = -1;

        Watch(Active run, Path dir, ProgressTracker tracker) {
            this.run = run;
            this.dir = dir;
            this.tracker = tracker;
        }

        void console(String update) {
            TrainerOutput.bar(update).ifPresent(bar -> {
                synchronized (this) {
                    tracker.bar(bar).ifPresent(this::publish);
                }
            });
        }

        synchronized void scan() {
            try {
                Optional<Path> metrics = newestVersion(dir).map(v -> v.resolve("metrics.csv")).filter(Files::isRegularFile);
                if (metrics.isPresent()) {
                    List<TrainerOutput.MetricsRow> rows = TrainerOutput.metrics(Files.readString(metrics.get(), StandardCharsets.UTF_8));
                    for (int i = Math.min(metricsRows, rows.size()); i < rows.size(); i++) {
                        tracker.metrics(rows.get(i)).ifPresent(this::publish);
                    }
                    metricsRows = rows.size();
                }
                for (Path ckpt : checkpointFiles(dir)) {
                    checkpoint(ckpt);
                }
            } catch (IOException | UncheckedIOException e) {
                log.debug("Run {}: reading the trainer's files failed (will try again)", run.runId, e);
            } catch (RuntimeException e) {
                log.warn("Run {}: following the trainer failed", run.runId, e);
            }
        }

        private void checkpoint(Path ckpt) throws IOException {
            String name = ckpt.getFileName().toString();
            Optional<long[]> parsed = TrainerOutput.checkpoint(name);
            if (parsed.isEmpty()) {
                return; // last.ckpt is rewritten every epoch: used to resume and export, not listed
            }
            long size = Files.size(ckpt);
            Long before = sizes.put(ckpt, size);
            if (before == null || before != size || size == 0) {
                return; // still being written: taken when its size holds
            }
            ModelDao models = database.writeDao(ModelDao.class);
            String path = ckpt.toAbsolutePath().normalize().toString();
            if (models.checkpointAt(path).isPresent()) {
                return;
            }
            int epoch = (int) Math.max(0, parsed.get()[0] + 1 - run.params.baseEpoch());
            long step = parsed.get()[1] >= 0 ? parsed.get()[1] : tracker.current().step();
            long id = models.insertTraining("checkpoint", run.params.name() + " epoch " + epoch, path, run.params.characterId(),
                    "ready", run.runId, null, epoch, step, tracker.loss(), clock.instant());
            log.info("Run {}: checkpoint {} (epoch {})", run.runId, name, epoch);
            Map<String, Object> data = runData(run.runId);
            data.put("checkpoint_id", id);
            data.put("path", path);
            data.put("epoch", epoch);
            bus.publish(EventTypes.MODEL_SAVED, Severity.INFO, "Checkpoint " + name + " of run " + run.runId, data);
        }

        private void publish(TrainingProgress p) {
            int epoch = Math.max(0, p.epoch() - run.params.baseEpoch());
            Instant now = clock.instant();
            database.writeDao(ModelDao.class).updateRun(run.runId, run.state.wire(), epoch, p.step(), p.loss(), now);
            if (epoch == lastEpoch && Duration.between(lastPublished, now).compareTo(PUBLISH_EVERY) < 0) {
                return; // the row is current; events at most once a second within an epoch
            }
            lastEpoch = epoch;
            lastPublished = now;
            Map<String, Object> data = runData(run.runId);
            data.put("epoch", epoch);
            data.put("step", p.step());
            data.put("loss", p.loss());
            data.put("eta_s", p.etaSeconds());
            data.put("epochs", run.params.epochs());
            bus.publish(EventTypes.TRAINING_PROGRESS, Severity.INFO, String.format(Locale.ROOT, "Run %d: epoch %d/%d%s",
                    run.runId, epoch, run.params.epochs(), p.loss() == null ? "" : String.format(Locale.ROOT, ", loss %.3f", p.loss())),
                    data);
        }
    }

    static Optional<Path> newestVersion(Path root) throws IOException {
        Path logs = root.resolve("lightning_logs");
        if (!Files.isDirectory(logs)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(logs)) {
            return versions.filter(p -> p.getFileName().toString().matches("version_\\d+"))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(8))));
        }
    }

    /** Every {@code lightning_logs/version_N/checkpoints/*.ckpt}, oldest first. */
    static List<Path> checkpointFiles(Path root) throws IOException {
        Path logs = root.resolve("lightning_logs");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(logs)) {
            return found;
        }
        try (Stream<Path> versions = Files.list(logs)) {
            for (Path v : versions.filter(p -> p.getFileName().toString().matches("version_\\d+")).toList()) {
                Path dir = v.resolve("checkpoints");
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).forEach(found::add);
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(TrainingRuns::modified));
        return found;
    }

    /** The checkpoint to resume or export from: the newest, preferring last.ckpt when it is the newest. */
    static Optional<Path> latestCheckpoint(Path root) {
        try {
            List<Path> all = checkpointFiles(root);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The absolute epoch Lightning continues at from a checkpoint named epoch=K (K + 1). */
    private static Optional<Integer> epochAfter(Path checkpoint) {
        return TrainerOutput.checkpoint(checkpoint.getFileName().toString()).map(p -> (int) p[0] + 1);
    }

    // --- start-up and shutdown -------------------------------------------------------------------

    /**
     * Marks runs that were active when the server last stopped as interrupted, and ends a trainer
     * that outlived it (it runs in its own process group, so it survives a crash of the backend).
     */
    public void recover() {
        for (TrainingModelRow row : database.readDao(ModelDao.class).activeRuns()) {
            TrainerOrphans.end(row.id(), folders.run(row.id()));
            database.writeDao(ModelDao.class).endRun(row.id(), "interrupted", "the server stopped while the run was " + row.status(),
                    resumeHint(row.id()), clock.instant());
            Map<String, Object> data = runData(row.id());
            data.put("interrupted", true);
            data.put("status", "interrupted");
            bus.publish(EventTypes.TRAINING_FAILED, Severity.WARNING, "Training run " + row.id()
                    + " was interrupted by a server stop; resume it with POST /api/voice/train/" + row.id() + "/resume", data);
            log.warn("Training run {} was {} when the server stopped: marked interrupted", row.id(), row.status());
        }
    }

    /** Ends a running trainer; its run is recorded as interrupted, to be resumed after the restart. */
    @Override
    public void close() {
        closed = true;
        Active a = active;
        if (a != null) {
            TrainerProcess p = a.process;
            if (p != null) {
                p.killTree(KILL_GRACE);
            }
            stopped(a);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private RunParams validate(TrainRequest r) {
        String name = r.name() == null ? "" : r.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new VoiceException(VoiceException.Kind.INVALID, "name", "must be 1-40 letters, digits or _ (it names the voice file)");
        }
        Long characterId = r.characterId();
        if (characterId != null && characters.find(characterId).isEmpty()) {
            throw new VoiceException(VoiceException.Kind.NOT_FOUND, "character_id", "There is no character with id " + characterId + ".");
        }
        int epochs = r.epochs() == null ? 100 : r.epochs();
        if (epochs < 1 || epochs > 100_000) {
            throw new VoiceException(VoiceException.Kind.INVALID, "epochs", "must be between 1 and 100000");
        }
        int batch = r.batchSize() == null ? 16 : r.batchSize();
        if (batch < 1 || batch > 512) {
            throw new VoiceException(VoiceException.Kind.INVALID, "batch_size", "must be between 1 and 512");
        }
        String quality = r.quality() == null ? "medium" : r.quality();
        if (!List.of("x_low", "low", "medium", "high").contains(quality)) {
            throw new VoiceException(VoiceException.Kind.INVALID, "quality", "must be x_low, low, medium or high");
        }
        String espeak = r.espeakVoice() == null ? "en-us" : r.espeakVoice().strip();
        if (!ESPEAK.matcher(espeak).matches()) {
            throw new VoiceException(VoiceException.Kind.INVALID, "espeak_voice", "must be an espeak-ng voice such as en-us or de");
        }
        Path base = baseCheckpoint(r.baseCheckpoint());
        // --ckpt_path restores the checkpoint's epoch counter, so the run must know it to set max_epochs.
        if (base != null && epochAfter(base).isEmpty()) {
            throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, "base_checkpoint", "the checkpoint's file name must carry "
                    + "its epoch (epoch=N, as rhasspy/piper-checkpoints names them): the trainer continues counting from it. "
                    + "Rename " + base.getFileName() + " accordingly.");
        }
        int baseEpoch = base == null ? 0 : epochAfter(base).orElseThrow();
        String speaker = r.speaker() == null || r.speaker().isBlank() ? null : r.speaker().strip();
        return new RunParams(name, characterId, base == null ? null : base.toString(), epochs, batch, quality, espeak, speaker,
                baseEpoch, 0, 0);
    }

    private @Nullable Path baseCheckpoint(@Nullable String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        Path folder = settings.get().modelsDir().resolve(ModelKind.CHECKPOINT.folder());
        Optional<ModelEntry> entry = catalog.find(given).filter(e -> e.kind() == ModelKind.CHECKPOINT);
        if (entry.isPresent()) {
            Path file = folder.resolve(entry.get().files().getFirst().file());
            if (!Files.isRegularFile(file)) {
                throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, "base_checkpoint", "checkpoint " + given
                        + " is not downloaded yet: run ./vtuber models pull " + entry.get().name());
            }
            return file.toAbsolutePath().normalize();
        }
        Path direct = given.contains("/") ? Path.of(given) : folder.resolve(given);
        if (!given.endsWith(".ckpt") || !Files.isRegularFile(direct)) {
            throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, "base_checkpoint", "names no checkpoint: give a catalog "
                    + "name (GET /api/models, kind checkpoints) or the path of a .ckpt file");
        }
        return direct.toAbsolutePath().normalize();
    }

    /** en_US-miku-medium; when a voice of that name came from elsewhere, the run id keeps them apart. */
    private String voiceName(Active run) {
        RunParams p = run.params;
        String base = PiperVoiceConfig.Language.of(p.espeakVoice()).code() + "-" + p.name() + "-" + p.quality();
        Path piper = settings.get().modelsDir().resolve("piper");
        boolean taken = Files.exists(piper.resolve(base + ".onnx")) && !base.equals(run(run.runId).voice());
        return taken ? PiperVoiceConfig.Language.of(p.espeakVoice()).code() + "-" + p.name() + "_r" + run.runId + "-" + p.quality() : base;
    }

    private TrainingModelRow run(long runId) {
        return database.readDao(ModelDao.class).training(runId).filter(r -> r.kind().equals("run"))
                .orElseThrow(() -> new VoiceException(VoiceException.Kind.NOT_FOUND, "There is no training run " + runId + "."));
    }

    private RunParams params(TrainingModelRow row) {
        try {
            return json.readValue(row.params() == null ? "{}" : row.params(), RunParams.class);
        } catch (IOException e) {
            throw new UncheckedIOException("run " + row.id() + " has unreadable parameters", e);
        }
    }

    private String write(RunParams params) {
        try {
            return json.writeValueAsString(params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> runData(long runId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run_id", runId);
        return data;
    }

    private static String resumeHint(long runId) {
        return "POST /api/voice/train/" + runId + "/resume continues from its last checkpoint";
    }

    private static List<String> readTail(Path logFile) {
        try {
            if (!Files.isRegularFile(logFile)) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            for (String l : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
                String last = l.contains("\r") ? l.substring(l.lastIndexOf('\r') + 1) : l;
                if (!last.isBlank()) {
                    lines.add(last);
                }
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** Why a run failed, what to do about it, and the trainer's last words. */
    private static final class RunFailure extends Exception {
        final String hint;
        final List<String> lastLines;
        final @Nullable Integer exitCode;

        RunFailure(String message, String hint, List<String> lastLines) {
            this(message, hint, lastLines, null);
        }

        RunFailure(String message, String hint, List<String> lastLines, @Nullable Integer exitCode) {
            super(message);
            this.hint = hint;
            this.lastLines = lastLines;
            this.exitCode = exitCode;
        }
    }
}
