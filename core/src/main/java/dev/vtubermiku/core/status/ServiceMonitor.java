package dev.vtubermiku.core.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every service's probe on its own interval and remembers the latest finding. Listeners hear
 * about every change of state or detail, so status can be pushed the moment something breaks.
 */
public final class ServiceMonitor {

    private static final Logger log = LoggerFactory.getLogger(ServiceMonitor.class);

    private final Map<ServiceId, ServiceProbe> probes = new EnumMap<>(ServiceId.class);
    private final Map<ServiceId, Current> current = new EnumMap<>(ServiceId.class);
    private final List<Consumer<Current>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    public ServiceMonitor(List<ServiceProbe> probes, Clock clock, ScheduledExecutorService scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
        Instant now = clock.instant();
        for (ServiceProbe probe : probes) {
            this.probes.put(probe.service(), probe);
        }
        for (ServiceId id : ServiceId.values()) {
            if (id.optional() && !this.probes.containsKey(id)) {
                continue; // listed from its first finding on (record), until forget
            }
            String detail = this.probes.containsKey(id) ? "checking" : "no probe registered";
            current.put(id, new Current(new ServiceHealth(id, ServiceState.STARTING, detail, null), now));
        }
    }

    /** Starts checking every probe now and then on its interval. */
    public void start() {
        for (ServiceProbe probe : probes.values()) {
            long interval = Math.max(1, probe.interval().toMillis());
            scheduler.scheduleWithFixedDelay(() -> run(probe), 0, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** Checks one service again now, e.g. after its configuration changed. */
    public void refresh(ServiceId id) {
        ServiceProbe probe = probes.get(id);
        if (probe != null) {
            scheduler.execute(() -> run(probe));
        }
    }

    /** Checks every service now, on the caller's thread. */
    public void checkAll() {
        for (ServiceProbe probe : probes.values()) {
            run(probe);
        }
    }

    public void onChange(Consumer<Current> listener) {
        listeners.add(listener);
    }

    public synchronized List<Current> snapshot() {
        return new ArrayList<>(current.values());
    }

    /** The latest finding; for an optional service that is not configured, STARTING "not configured". */
    public synchronized Current get(ServiceId id) {
        Current found = current.get(id);
        return found != null ? found
                : new Current(new ServiceHealth(id, ServiceState.STARTING, "not configured", null), clock.instant());
    }

    /**
     * Drops an optional service from the report (its configuration was removed). Listeners hear its
     * last finding once more, as the news that the report changed.
     */
    public void forget(ServiceId id) {
        if (!id.optional()) {
            throw new IllegalArgumentException(id.wire() + " is always reported");
        }
        Current gone;
        synchronized (this) {
            gone = current.remove(id);
        }
        if (gone != null) {
            log.info("{}: not configured any more", id.wire());
            notifyListeners(gone);
        }
    }

    private void run(ServiceProbe probe) {
        ServiceHealth health;
        try {
            health = probe.check();
        } catch (RuntimeException e) {
            log.warn("Probe for {} failed", probe.service().wire(), e);
            health = ServiceHealth.unavailable(
                    probe.service(), "check failed: " + e.getMessage(), "see the log for details");
        }
        record(health);
    }

    /** Records a finding made elsewhere (an engine that just failed to load, say). */
    public void record(ServiceHealth health) {
        Current changed;
        synchronized (this) {
            Current before = current.get(health.service());
            if (before != null && before.health().equals(health)) {
                return;
            }
            Instant since = before != null && before.health().state() == health.state() ? before.since() : clock.instant();
            changed = new Current(health, since);
            current.put(health.service(), changed);
        }
        if (changed.health().state() == ServiceState.OK) {
            log.info("{}: {}", health.service().wire(), health.detail());
        } else {
            log.warn("{} is {}: {}{}", health.service().wire(), health.state().wire(), health.detail(),
                    health.fix() == null ? "" : " (" + health.fix() + ")");
        }
        notifyListeners(changed);
    }

    private void notifyListeners(Current changed) {
        for (Consumer<Current> listener : listeners) {
            try {
                listener.accept(changed);
            } catch (RuntimeException e) {
                log.warn("Status listener failed", e);
            }
        }
    }

    /** The latest finding for a service and since when it has been in that state. */
    public record Current(ServiceHealth health, Instant since) {}
}
