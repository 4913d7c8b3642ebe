package dev.vtubermiku.speech.whisper;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Whisper's workers and how many cores each transcription gets. A live transcription (someone waits
 * for the words: the voice loop's turn) goes ahead of every batch one still waiting, and runs on
 * every core, shared only with other live ones; a batch transcription (a voice upload being
 * processed) yields: while a live one waits or runs it starts on one thread, otherwise on the cores
 * shared among the batch ones running (a lone batch call, an upload's windows one after another, gets
 * them all). whisper.cpp fixes its threads for the length of a call, so a batch call already running
 * keeps its threads. At most {@code queue} wait; more are refused.
 */
final class WhisperPool {

    private final int queue;
    private final int cores;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger live = new AtomicInteger(); // live jobs waiting or running
    private final AtomicInteger batch = new AtomicInteger(); // batch jobs running
    private final Object batchStart = new Object();
    private final AtomicLong order = new AtomicLong();

    WhisperPool(int workers, int queue, int cores) {
        this.queue = Math.max(1, queue);
        this.cores = Math.max(1, cores);
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new PriorityBlockingQueue<>(),
                Thread.ofPlatform().name("whisper-", 0).daemon(true).factory()) {
            @Override
            protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
                boolean isLive = callable instanceof Ranked<?> r && r.live();
                return new Job<>(callable, isLive, order.getAndIncrement(), isLive ? live::decrementAndGet : () -> {});
            }
        };
    }

    /** The threads a transcription starting now gets. */
    int threads(boolean isLive) {
        int running = live.get();
        if (isLive) {
            return Math.max(1, cores / Math.max(1, running));
        }
        return running > 0 ? 1 : Math.max(1, cores / (batch.get() + 1));
    }

    /** A batch job as it starts: its threads, counted among the batch ones running until it ends. */
    private <T> T runBatch(IntFunction<T> job) {
        int threads;
        synchronized (batchStart) { // two starting together must not both take every core
            threads = threads(false);
            batch.incrementAndGet();
        }
        try {
            return job.apply(threads);
        } finally {
            batch.decrementAndGet();
        }
    }

    /**
     * Queues {@code job}, which is handed the number of threads to use when it starts.
     *
     * @throws RejectedExecutionException when {@code queue} jobs are waiting already
     */
    synchronized <T> Future<T> submit(boolean isLive, IntFunction<T> job) {
        if (pool.getQueue().size() >= queue) {
            throw new RejectedExecutionException("queue full");
        }
        if (isLive) {
            live.incrementAndGet();
        }
        try {
            return pool.submit(new Ranked<>(isLive, isLive ? () -> job.apply(threads(true)) : () -> runBatch(job)));
        } catch (RuntimeException e) { // refused by a pool shut down: the job never ran nor counted down
            if (isLive) {
                live.decrementAndGet();
            }
            throw e;
        }
    }

    /** The caller no longer wants it: taken out of the queue if it has not started (one running goes on). */
    void cancel(Future<?> job) {
        job.cancel(false);
        if (job instanceof Runnable r) {
            pool.remove(r);
        }
    }

    int waiting() {
        return pool.getQueue().size();
    }

    void shutdown() {
        pool.shutdown();
    }

    boolean awaitTermination(long seconds) throws InterruptedException {
        return pool.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    void shutdownNow() {
        pool.shutdownNow();
    }

    /** A job and whether it is live, for {@link #newTaskFor}. */
    private record Ranked<T>(boolean live, Callable<T> work) implements Callable<T> {
        @Override
        public T call() throws Exception {
            return work.call();
        }
    }

    /** Live before batch, then first come first served; counts a live job out when it is done or cancelled. */
    private static final class Job<T> extends FutureTask<T> implements Comparable<Job<?>> {
        private final boolean live;
        private final long order;
        private final Runnable finished;

        Job(Callable<T> callable, boolean live, long order, Runnable finished) {
            super(callable);
            this.live = live;
            this.order = order;
            this.finished = finished;
        }

        @Override
        protected void done() {
            finished.run();
        }

        @Override
        public int compareTo(Job<?> other) {
            if (live != other.live) {
                return live ? -1 : 1;
            }
            return Long.compare(order, other.order);
        }
    }
}
