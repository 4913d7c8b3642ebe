package dev.vtubermiku.server.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.training.RunState;
import dev.vtubermiku.protocol.event.TrainingFailed;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.ModelDao;
import dev.vtubermiku.server.store.TrainingModelRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's record: its {@code models} row (state, parameters, how it ended) and the
 * {@code training.failed} events of its endings. The one place a run's state is written.
 */
final class RunJournal {

    private static final Logger log = LoggerFactory.getLogger(RunJournal.class);

    private final Database database;
    private final EventBus bus;
    private final Clock clock;
    private final ObjectMapper json;
    private final BooleanSupplier closing;

    /** @param closing whether the server is shutting down (a run it stops is interrupted, not cancelled) */
    RunJournal(Database database, EventBus bus, Clock clock, ObjectMapper json, BooleanSupplier closing) {
        this.database = database;
        this.bus = bus;
        this.clock = clock;
        this.json = json;
        this.closing = closing;
    }

    TrainingModelRow run(long runId) {
        return database.readDao(ModelDao.class).training(runId).filter(r -> r.kind().equals("run"))
                .orElseThrow(() -> new VoiceException(VoiceException.Kind.NOT_FOUND, "There is no training run " + runId + "."));
    }

    RunParams params(TrainingModelRow row) {
        try {
            return json.readValue(row.params() == null ? "{}" : row.params(), RunParams.class);
        } catch (IOException e) {
            throw new UncheckedIOException("run " + row.id() + " has unreadable parameters", e);
        }
    }

    String write(RunParams params) {
        try {
            return json.writeValueAsString(params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves a live run on (not once it was cancelled or the server is closing: its end is recorded by {@link #stopped}). */
    void move(ActiveRun run, RunState next) {
        if (closing.getAsBoolean() || run.cancelled) {
            return;
        }
        run.state = run.state.become(next);
        TrainingModelRow row = run(run.runId);
        database.writeDao(ModelDao.class).updateRun(run.runId, next.wire(), row.epochsTrained(), row.step(), row.loss(),
                clock.instant());
    }

    /** When the run was cancelled or the server is closing: records that (once) and says so. */
    boolean stopped(ActiveRun run) {
        boolean closed = closing.getAsBoolean();
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
            bus.publish(TrainingFailed.stopped(run.runId, run.cancelled, end.wire()), Severity.WARNING,
                    "Training run " + run.runId + " " + end.wire());
        }
        return true;
    }

    void failed(ActiveRun run, RunFailure f) {
        RunState failed = new RunState.Failed(f.getMessage(), f.hint);
        if (run.state.canBecome(failed)) {
            run.state = failed;
            database.writeDao(ModelDao.class).endRun(run.runId, "failed", f.getMessage(), f.hint, clock.instant());
        }
        bus.publish(TrainingFailed.failed(run.runId, String.valueOf(f.getMessage()), f.hint, f.lastLines, f.exitCode),
                Severity.ERROR, "Training run " + run.runId + " failed: " + f.getMessage());
        log.warn("Training run {} failed: {} ({})", run.runId, f.getMessage(), f.hint);
    }

    /** At start-up: a run that was active when the server last stopped is interrupted, to be resumed. */
    void interrupted(TrainingModelRow row) {
        database.writeDao(ModelDao.class).endRun(row.id(), "interrupted", "the server stopped while the run was " + row.status(),
                resumeHint(row.id()), clock.instant());
        bus.publish(TrainingFailed.stopped(row.id(), false, "interrupted"), Severity.WARNING, "Training run " + row.id()
                + " was interrupted by a server stop; resume it with POST /api/voice/train/" + row.id() + "/resume");
        log.warn("Training run {} was {} when the server stopped: marked interrupted", row.id(), row.status());
    }

    /** The last 20 lines of a finished run's trainer output (progress bar redraws collapsed to their last state). */
    static List<String> readTail(Path logFile) {
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

    private static String resumeHint(long runId) {
        return "POST /api/voice/train/" + runId + "/resume continues from its last checkpoint";
    }
}
