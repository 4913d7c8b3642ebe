package dev.vtubermiku.server.training;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.training.ProgressTracker;
import dev.vtubermiku.core.training.TrainerOutput;
import dev.vtubermiku.core.training.TrainingProgress;
import dev.vtubermiku.protocol.event.ModelSaved;
import dev.vtubermiku.protocol.event.TrainingProgressed;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.ModelDao;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one trainer process: its console (the progress bar) as it comes, and every half second
 * the metrics file and the checkpoints it writes, into the run's row, {@code training.progress}
 * events (at most once a second within an epoch) and one {@code models} row per checkpoint.
 */
final class TrainerWatch {

    private static final Logger log = LoggerFactory.getLogger(TrainerWatch.class);
    private static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);

    private final ActiveRun run;
    private final Path dir;
    private final ProgressTracker tracker;
    private final Database database;
    private final EventBus bus;
    private final Clock clock;
    private final Map<Path, Long> sizes = new HashMap<>();
    private int metricsRows;
    private Instant lastPublished = Instant.EPOCH;
    private int lastEpoch = -1;

    TrainerWatch(ActiveRun run, Path dir, ProgressTracker tracker, Database database, EventBus bus, Clock clock) {
        this.run = run;
        this.dir = dir;
        this.tracker = tracker;
        this.database = database;
        this.bus = bus;
        this.clock = clock;
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
            Optional<Path> metrics = LightningLayout.newestVersion(dir).map(v -> v.resolve("metrics.csv")).filter(Files::isRegularFile);
            if (metrics.isPresent()) {
                List<TrainerOutput.MetricsRow> rows = TrainerOutput.metrics(Files.readString(metrics.get(), StandardCharsets.UTF_8));
                for (int i = Math.min(metricsRows, rows.size()); i < rows.size(); i++) {
                    tracker.metrics(rows.get(i)).ifPresent(this::publish);
                }
                metricsRows = rows.size();
            }
            for (Path ckpt : LightningLayout.checkpointFiles(dir)) {
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
        bus.publish(ModelSaved.checkpoint(run.runId, id, path, epoch), Severity.INFO, "Checkpoint " + name + " of run " + run.runId);
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
        bus.publish(new TrainingProgressed(run.runId, epoch, p.step(), p.loss(), p.etaSeconds(), run.params.epochs()), Severity.INFO,
                String.format(Locale.ROOT, "Run %d: epoch %d/%d%s", run.runId, epoch, run.params.epochs(),
                        p.loss() == null ? "" : String.format(Locale.ROOT, ", loss %.3f", p.loss())));
    }
}
