package dev.vtubermiku.core.voice;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;

/**
 * Virtual time for voice tests: it moves only when the test advances it or when the player waits on
 * it (waiting is moving forward, at once), so pacing is exact and nothing sleeps.
 */
final class ManualVoiceClock implements VoiceClock {

    static final Instant EPOCH = Instant.parse("2026-12-04T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L); // not zero: a time, not a duration

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return EPOCH.plusNanos(nanos.get());
    }

    @Override
    public void await(Condition condition, long wait) {
        nanos.addAndGet(Math.max(0, wait));
    }

    void advanceMillis(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
    }
}
