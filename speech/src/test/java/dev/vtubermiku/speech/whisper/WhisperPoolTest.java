package dev.vtubermiku.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whisper's workers without Whisper: who goes first and how many threads each job is given. */
class WhisperPoolTest {

    private final WhisperPool pool = new WhisperPool(1, 8, 4); // one worker, four cores
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void stop() {
        gate.countDown();
        pool.shutdownNow();
    }

    /** Occupies the only worker until the gate opens; returns once it runs (its threads are counted as it starts). */
    private Future<Integer> blocker() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<Integer> job = pool.submit(false, threads -> {
            started.countDown();
            await(gate);
            return threads;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return job;
    }

    @Test
    void aLiveTranscriptionGoesAheadOfWaitingBatchOnesOnEveryCoreAndBatchYieldsMeanwhile() throws Exception {
        Future<Integer> running = blocker();
        List<String> order = new CopyOnWriteArrayList<>();
        Future<Integer> batch = pool.submit(false, threads -> {
            order.add("batch");
            return threads;
        });
        Future<Integer> live = pool.submit(true, threads -> {
            order.add("live");
            return threads;
        });
        assertThat(pool.threads(false)).as("batch starting while a live one waits gets one thread").isEqualTo(1);
        gate.countDown();

        assertThat(running.get(5, TimeUnit.SECONDS)).as("batch alone: its share of the cores (one worker: all)").isEqualTo(4);
        assertThat(live.get(5, TimeUnit.SECONDS)).as("the live one alone gets every core").isEqualTo(4);
        assertThat(batch.get(5, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(order).containsExactly("live", "batch");
    }

    @Test
    void aLoneBatchTranscriptionGetsEveryCoreAndBatchOnesRunningTogetherShareThem() throws Exception {
        WhisperPool two = new WhisperPool(2, 8, 4); // two workers, four cores
        CountDownLatch release = new CountDownLatch(1);
        try {
            CountDownLatch firstStarted = new CountDownLatch(1);
            Future<Integer> first = two.submit(false, threads -> {
                firstStarted.countDown();
                await(release);
                return threads;
            });
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> second = two.submit(false, threads -> threads);
            assertThat(second.get(5, TimeUnit.SECONDS)).as("started beside a running batch job: half the cores").isEqualTo(2);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).as("started alone: every core").isEqualTo(4);
            assertThat(two.submit(false, threads -> threads).get(5, TimeUnit.SECONDS))
                    .as("alone again once the others ended: every core").isEqualTo(4);
        } finally {
            release.countDown();
            two.shutdownNow();
        }
    }

    @Test
    void aCancelledLiveTranscriptionLeavesTheQueueAndNoLongerCounts() throws Exception {
        Future<Integer> running = blocker();
        Future<Integer> live = pool.submit(true, threads -> threads);
        assertThat(pool.waiting()).isEqualTo(1);
        assertThat(pool.threads(false)).isEqualTo(1);

        pool.cancel(live);
        assertThat(pool.waiting()).isZero();
        assertThat(pool.threads(false)).as("no live job left: a batch one shares the cores with the batch one running")
                .isEqualTo(2);
        gate.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void moreThanTheQueueHoldsIsRefused() throws Exception {
        WhisperPool small = new WhisperPool(1, 1, 4);
        try {
            CountDownLatch started = new CountDownLatch(1);
            small.submit(false, threads -> {
                started.countDown();
                await(gate);
                return threads;
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue(); // running, so counted among the batch jobs
            // the first job went straight to the new worker thread; the second waits
            small.submit(false, threads -> threads);
            assertThatThrownBy(() -> small.submit(true, threads -> threads)).isInstanceOf(RejectedExecutionException.class);
            assertThat(small.threads(false)).as("the refused live job is not counted: half the cores beside the running batch job")
                    .isEqualTo(2);
        } finally {
            gate.countDown();
            small.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
