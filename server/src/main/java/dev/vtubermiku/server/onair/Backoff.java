package dev.vtubermiku.server.onair;

import java.time.Duration;

/** Waits between reconnection attempts: {@code first}, doubling up to {@code max}; reset on success. */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private int failures;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** The wait before the next attempt, counting this failure. */
    public Duration next() {
        long millis = first.toMillis() << Math.min(failures, 20);
        failures++;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    public void reset() {
        failures = 0;
    }
}
