package dev.vtubermiku.core.audience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether the streamer has the floor: one of their turns (typed or spoken) is in progress, or she is
 * still answering or speaking to them. No viewer answer starts while it is busy. A turn ends when its
 * reply is complete (plus, when it is to be spoken, a short grace in which its speech may still begin) or, once she spoke, when
 * her speech for it ends; a turn whose end was never seen counts for {@link #STALE} at most.
 */
public final class StreamerFloor {

    static final Duration STALE = Duration.ofMinutes(2);
    static final Duration GRACE = Duration.ofMillis(1500);
    private static final int MAX_TURNS = 64;

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Turn id → until when it holds the floor (Instant.MAX-like far future while open). */
    private final Map<String, Turn> turns = new LinkedHashMap<>();

    private record Turn(Instant started, Instant until, boolean speaking, boolean spoken) {}

    public StreamerFloor(Clock clock) {
        this.clock = clock;
    }

    /** A turn of the streamer's began (their line arrived, typed or transcribed) and her reply will be spoken. */
    public void began(String turnId) {
        began(turnId, true);
    }

    /** The same; {@code spoken} false: her reply is only written, so the turn ends with it, without a grace. */
    public void began(String turnId, boolean spoken) {
        Instant now = clock.instant();
        lock.lock();
        try {
            turns.putIfAbsent(turnId, new Turn(now, now.plus(STALE), false, spoken));
            while (turns.size() > MAX_TURNS) {
                turns.remove(turns.keySet().iterator().next());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Her speech for a streamer turn started: the turn lasts until {@link #ended} (speech over). */
    public void speaking(String turnId) {
        lock.lock();
        try {
            turns.computeIfPresent(turnId, (k, t) -> new Turn(t.started, t.started.plus(STALE), true, true));
        } finally {
            lock.unlock();
        }
    }

    /** Her reply is complete: unless she is speaking it, the turn ends after a short grace. */
    public void replied(String turnId) {
        Instant now = clock.instant();
        lock.lock();
        try {
            if (turns.get(turnId) instanceof Turn t && !t.spoken) {
                turns.remove(turnId);
                return;
            }
            turns.computeIfPresent(turnId, (k, t) -> t.speaking ? t : new Turn(t.started, now.plus(GRACE), false, true));
        } finally {
            lock.unlock();
        }
    }

    /** The turn is over (speech finished, failed, cancelled). */
    public void ended(String turnId) {
        lock.lock();
        try {
            turns.remove(turnId);
        } finally {
            lock.unlock();
        }
    }

    public boolean busy() {
        Instant now = clock.instant();
        lock.lock();
        try {
            turns.values().removeIf(t -> !t.until.isAfter(now));
            return !turns.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    public boolean knows(String turnId) {
        lock.lock();
        try {
            return turns.containsKey(turnId);
        } finally {
            lock.unlock();
        }
    }
}
