package dev.vtubermiku.server.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One pull of one model. Every caller that asks for the same model while it runs gets this same
 * job; {@link #result()} completes with the installed files, or exceptionally with a
 * {@link ModelPullException}.
 */
public final class PullJob {

    /** running until it ends as saved or failed. */
    public enum State {
        RUNNING,
        SAVED,
        FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String id;
    private final ModelEntry entry;
    private final CompletableFuture<List<Path>> result = new CompletableFuture<>();
    private volatile State state = State.RUNNING;
    private volatile @Nullable String error;
    // Written by the pulling thread only; read by anyone.
    private volatile long completedBytes;
    private volatile long fileBytes;
    private volatile String file;
    private volatile PullProgress.Phase phase = PullProgress.Phase.DOWNLOADING;
    private volatile long transferred;
    private volatile long transferStartNanos;

    PullJob(String id, ModelEntry entry) {
        this.id = id;
        this.entry = entry;
        this.file = entry.files().getFirst().file();
    }

    public String id() {
        return id;
    }

    public ModelEntry entry() {
        return entry;
    }

    public State state() {
        return state;
    }

    public @Nullable String error() {
        return error;
    }

    public CompletableFuture<List<Path>> result() {
        return result;
    }

    public PullProgress progress() {
        long done = completedBytes + fileBytes;
        long speed = 0;
        Duration eta = null;
        long elapsed = System.nanoTime() - transferStartNanos;
        if (transferred > 0 && elapsed > 0) {
            speed = (long) (transferred * 1e9 / elapsed);
            if (speed > 0) {
                eta = Duration.ofSeconds((entry.size() - done) / speed);
            }
        }
        return new PullProgress(done, entry.size(), file, phase, speed, eta);
    }

    void startFile(CatalogFile next, PullProgress.Phase nextPhase) {
        file = next.file();
        phase = nextPhase;
        fileBytes = 0;
    }

    /** Position in the current file, and bytes that came over the network since the last call. */
    void at(long position, long newBytes) {
        fileBytes = position;
        if (newBytes > 0) {
            if (transferred == 0) {
                transferStartNanos = System.nanoTime();
            }
            transferred += newBytes;
        }
    }

    void finishFile(CatalogFile done) {
        completedBytes += done.size();
        fileBytes = 0;
    }

    void saved(List<Path> files) {
        state = State.SAVED;
        result.complete(files);
    }

    void failed(ModelPullException e) {
        error = e.getMessage();
        state = State.FAILED;
        result.completeExceptionally(e);
    }
}
