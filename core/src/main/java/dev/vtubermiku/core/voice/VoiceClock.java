package dev.vtubermiku.core.voice;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.Condition;

/**
 * The voice loop's time: now, in nanoseconds of one clock, and waiting on that clock. The player
 * waits on it between audio frames; injected so that pacing is tested without sleeping (a test's
 * clock moves itself forward instead of waiting).
 */
public interface VoiceClock {

    /** Now, in nanoseconds. */
    long nanos();

    /** Now, as an instant (history timestamps). */
    Instant instant();

    /**
     * Waits up to {@code nanos} of this clock, or until {@code condition} is signalled (a stop); may
     * return early, so callers check the time again. The caller holds the condition's lock.
     */
    void await(Condition condition, long nanos) throws InterruptedException;

    /** The voice loop's time on {@code clock} (microsecond precision on the system clock), waiting in real time. */
    static VoiceClock of(Clock clock) {
        return new VoiceClock() {
            @Override
            public long nanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public Instant instant() {
                return clock.instant();
            }

            @Override
            public void await(Condition condition, long nanos) throws InterruptedException {
                condition.awaitNanos(nanos);
            }
        };
    }
}
