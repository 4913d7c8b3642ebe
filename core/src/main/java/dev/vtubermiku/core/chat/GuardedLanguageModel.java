package dev.vtubermiku.core.chat;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts limits around any language model, so that no reply can hang: no first token within
 * {@code firstToken} or no next one within {@code idle} cancels the stream and ends the reply with
 * a timeout; a rate limit or server error before the first token is retried after a backoff (a
 * failure after it is not, as the user has already seen part of the reply). The sink gets exactly
 * one of complete or error, and nothing after it.
 */
public final class GuardedLanguageModel implements LanguageModel {

    private static final Logger log = LoggerFactory.getLogger(GuardedLanguageModel.class);

    private final LanguageModel model;
    private final ScheduledExecutorService timers;
    private final Supplier<StreamLimits> limits;

    public GuardedLanguageModel(LanguageModel model, ScheduledExecutorService timers, Supplier<StreamLimits> limits) {
        this.model = model;
        this.timers = timers;
        this.limits = limits;
    }

    @Override
    public LlmStream stream(Prompt prompt, TokenSink sink) {
        Guarded guarded = new Guarded(prompt, sink, limits.get());
        guarded.attempt();
        return guarded;
    }

    private final class Guarded implements LlmStream {
        private final Prompt prompt;
        private final TokenSink sink;
        private final StreamLimits limits;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Object lock = new Object();
        private int attempt; // guarded by lock
        private boolean streaming; // a token arrived; guarded by lock
        private @Nullable LlmStream current; // guarded by lock
        private @Nullable ScheduledFuture<?> timer; // timeout or retry; guarded by lock

        Guarded(Prompt prompt, TokenSink sink, StreamLimits limits) {
            this.prompt = prompt;
            this.sink = sink;
            this.limits = limits;
        }

        void attempt() {
            int number;
            synchronized (lock) {
                if (ended.get()) {
                    return;
                }
                number = ++attempt;
                arm(limits.firstToken(), number, "did not start answering within " + seconds(limits.firstToken()));
            }
            LlmStream stream = model.stream(prompt, new AttemptSink(number));
            synchronized (lock) {
                current = stream;
            }
            if (ended.get() || number != currentAttempt()) {
                stream.cancel(); // ended while it was being opened
            }
        }

        private int currentAttempt() {
            synchronized (lock) {
                return attempt;
            }
        }

        /** Must hold the lock. */
        private void arm(Duration after, int number, String why) {
            if (timer != null) {
                timer.cancel(false);
            }
            timer = timers.schedule(() -> timedOut(number, why), after.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void timedOut(int number, String why) {
            synchronized (lock) {
                if (number != attempt) {
                    return;
                }
            }
            fail(LlmFailure.of(LlmFailure.Reason.TIMEOUT, "The language model " + why + "."));
        }

        private void fail(LlmFailure failure) {
            if (ended.compareAndSet(false, true)) {
                // The caller hears first: closing a stalled connection must never be what it waits on.
                // Closed in any case, even when the caller's handler throws.
                try {
                    sink.onError(failure);
                } finally {
                    stopCurrent();
                }
            }
        }

        @Override
        public void cancel() {
            if (ended.compareAndSet(false, true)) {
                stopCurrent();
            }
        }

        private void stopCurrent() {
            LlmStream stream;
            synchronized (lock) {
                if (timer != null) {
                    timer.cancel(false);
                }
                stream = current;
                attempt++; // anything still arriving from the old attempt is stale
            }
            if (stream != null) {
                stream.cancel();
            }
        }

        /** One attempt's callbacks; stale ones (an earlier attempt, or after the end) are dropped. */
        private final class AttemptSink implements TokenSink {
            private final int number;
            private final AtomicBoolean done = new AtomicBoolean();

            AttemptSink(int number) {
                this.number = number;
            }

            private boolean live() {
                synchronized (lock) {
                    return number == attempt && !ended.get() && !done.get();
                }
            }

            @Override
            public void onToken(String text) {
                synchronized (lock) {
                    if (number != attempt || ended.get() || done.get()) {
                        return;
                    }
                    streaming = true;
                    arm(limits.idle(), number, "stopped in the middle of its reply (nothing for "
                            + seconds(limits.idle()) + ")");
                }
                sink.onToken(text);
            }

            @Override
            public void onComplete() {
                if (!live() || !done.compareAndSet(false, true)) {
                    return;
                }
                if (ended.compareAndSet(false, true)) {
                    synchronized (lock) {
                        if (timer != null) {
                            timer.cancel(false);
                        }
                    }
                    sink.onComplete();
                }
            }

            @Override
            public void onError(LlmFailure failure) {
                if (!live() || !done.compareAndSet(false, true)) {
                    return;
                }
                int retry;
                synchronized (lock) {
                    retry = !streaming && failure.retryable() && attempt <= limits.retries() ? attempt : 0;
                    if (retry > 0) {
                        if (timer != null) {
                            timer.cancel(false);
                        }
                        Duration wait = limits.backoff().multipliedBy(1L << Math.min(10, retry - 1));
                        log.info("Language model attempt {} failed ({}); retrying in {} ms", retry, failure.detail(), wait.toMillis());
                        timer = timers.schedule(Guarded.this::attempt, wait.toNanos(), TimeUnit.NANOSECONDS);
                    }
                }
                if (retry == 0) {
                    fail(failure);
                }
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
