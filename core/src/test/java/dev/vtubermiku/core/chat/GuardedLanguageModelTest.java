package dev.vtubermiku.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardedLanguageModelTest {

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final Prompt prompt = new Prompt(List.of(new PromptMessage(Role.USER, "hi")), 0, 0, 5);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /** A model whose n-th stream does what {@code attempts.get(n)} says; counts streams and cancels. */
    static final class ScriptedModel implements LanguageModel {
        final List<BiConsumer<Integer, TokenSink>> attempts;
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();

        @SafeVarargs
        ScriptedModel(BiConsumer<Integer, TokenSink>... attempts) {
            this.attempts = List.of(attempts);
        }

        @Override
        public LlmStream stream(Prompt prompt, TokenSink sink) {
            int n = streams.getAndIncrement();
            attempts.get(Math.min(n, attempts.size() - 1)).accept(n, sink);
            return cancels::incrementAndGet;
        }

        /** The guard tells the caller before it closes the stream, so the cancel may land just after. */
        int awaitCancels(int expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (cancels.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return cancels.get();
        }
    }

    /** Records what reaches the caller; {@code ended} counts down on complete or error. */
    static final class Recorder implements LanguageModel.TokenSink {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void onToken(String text) {
            events.add("token:" + text);
        }

        @Override
        public void onComplete() {
            events.add("complete");
            ended.countDown();
        }

        @Override
        public void onError(LlmFailure failure) {
            events.add("error:" + failure.reason() + ":" + failure.detail());
            ended.countDown();
        }

        void await() throws InterruptedException {
            assertThat(ended.await(5, TimeUnit.SECONDS)).as("ended").isTrue();
        }
    }

    GuardedLanguageModel guard(LanguageModel model, int retries) {
        return new GuardedLanguageModel(model, timers,
                () -> new StreamLimits(Duration.ofMillis(150), Duration.ofMillis(150), retries, Duration.ofMillis(20)));
    }

    @Test
    void noFirstTokenInTimeIsATimeoutAndTheStreamIsCancelled() throws Exception {
        ScriptedModel model = new ScriptedModel((n, sink) -> {});
        Recorder out = new Recorder();
        guard(model, 2).stream(prompt, out);
        out.await();
        assertThat(out.events).singleElement().asString().startsWith("error:TIMEOUT:").contains("did not start answering");
        assertThat(model.awaitCancels(1)).isEqualTo(1);
        assertThat(model.streams.get()).as("a timeout is not retried").isEqualTo(1);
    }

    @Test
    void aPauseBetweenTokensIsATimeout() throws Exception {
        ScriptedModel model = new ScriptedModel((n, sink) -> sink.onToken("Hel"));
        Recorder out = new Recorder();
        guard(model, 0).stream(prompt, out);
        out.await();
        assertThat(out.events).hasSize(2);
        assertThat(out.events.get(1)).startsWith("error:TIMEOUT:").contains("stopped in the middle");
    }

    @Test
    void aRateLimitBeforeTheFirstTokenIsRetried() throws Exception {
        ScriptedModel model = new ScriptedModel(
                (n, sink) -> sink.onError(LlmFailure.of(LlmFailure.Reason.RATE_LIMITED, "429")),
                (n, sink) -> {
                    sink.onToken("Hi");
                    sink.onComplete();
                });
        Recorder out = new Recorder();
        guard(model, 2).stream(prompt, out);
        out.await();
        assertThat(out.events).containsExactly("token:Hi", "complete");
        assertThat(model.streams.get()).isEqualTo(2);
    }

    @Test
    void retriesStopAfterTheLimit() throws Exception {
        ScriptedModel model = new ScriptedModel((n, sink) -> sink.onError(LlmFailure.of(LlmFailure.Reason.SERVER_ERROR, "500")));
        Recorder out = new Recorder();
        guard(model, 2).stream(prompt, out);
        out.await();
        assertThat(out.events).containsExactly("error:SERVER_ERROR:500");
        assertThat(model.streams.get()).isEqualTo(3);
    }

    @Test
    void aFailureAfterTheFirstTokenOrANonRetryableOneIsNotRetried() throws Exception {
        ScriptedModel afterToken = new ScriptedModel((n, sink) -> {
            sink.onToken("Hel");
            sink.onError(LlmFailure.of(LlmFailure.Reason.SERVER_ERROR, "500"));
        });
        Recorder out = new Recorder();
        guard(afterToken, 2).stream(prompt, out);
        out.await();
        assertThat(out.events).containsExactly("token:Hel", "error:SERVER_ERROR:500");
        assertThat(afterToken.streams.get()).isEqualTo(1);

        ScriptedModel rejected = new ScriptedModel((n, sink) -> sink.onError(LlmFailure.of(LlmFailure.Reason.REJECTED, "401")));
        Recorder out2 = new Recorder();
        guard(rejected, 2).stream(prompt, out2);
        out2.await();
        assertThat(rejected.streams.get()).isEqualTo(1);
    }

    @Test
    void afterTheEndNothingMoreGetsThrough() throws Exception {
        ScriptedModel model = new ScriptedModel((n, sink) -> {
            sink.onToken("a");
            sink.onComplete();
            sink.onToken("b");
            sink.onError(LlmFailure.of(LlmFailure.Reason.MALFORMED, "late"));
            sink.onComplete();
        });
        Recorder out = new Recorder();
        guard(model, 2).stream(prompt, out);
        out.await();
        Thread.sleep(300); // a late timeout would show up within this
        assertThat(out.events).containsExactly("token:a", "complete");
    }

    @Test
    void cancelStopsTheStreamAndTheTimersWithoutACallback() throws Exception {
        ScriptedModel model = new ScriptedModel((n, sink) -> sink.onToken("a"));
        Recorder out = new Recorder();
        LanguageModel.LlmStream stream = guard(model, 2).stream(prompt, out);
        stream.cancel();
        stream.cancel();
        assertThat(out.ended.await(400, TimeUnit.MILLISECONDS)).as("no timeout after a cancel").isFalse();
        assertThat(out.events).containsExactly("token:a");
        assertThat(model.cancels.get()).isEqualTo(1);
    }
}
