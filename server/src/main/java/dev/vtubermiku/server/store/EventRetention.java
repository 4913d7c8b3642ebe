package dev.vtubermiku.server.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in retention for the events table (EVENT_RETENTION_DAYS; 0, the default, keeps everything):
 * hourly, events older than that are deleted in small batches through the one writer, so a large
 * backlog never holds the write lock for long. Nothing else of the user's data is touched.
 */
public final class EventRetention {

    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    private static final int BATCH = 2000;

    private final Database database;
    private final IntSupplier days;
    private final Clock clock;

    public EventRetention(Database database, IntSupplier days, Clock clock) {
        this.database = database;
        this.days = days;
        this.clock = clock;
    }

    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.warn("Could not apply the event retention", e);
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    /** Deletes the events older than the retention; the number deleted (0 when retention is off). */
    public long purge() {
        int keep = days.getAsInt();
        if (keep <= 0) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(Duration.ofDays(keep));
        EventDao events = database.writeDao(EventDao.class);
        long total = 0;
        int n;
        do {
            n = events.deleteBefore(cutoff, BATCH);
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            log.info("Deleted {} events older than {} days (EVENT_RETENTION_DAYS)", total, keep);
        }
        return total;
    }
}
