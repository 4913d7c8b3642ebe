package dev.vtubermiku.server.status;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.protocol.ModelDownload;
import dev.vtubermiku.protocol.ServiceStatus;
import dev.vtubermiku.protocol.StatusResponse;
import dev.vtubermiku.server.metrics.HostMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the status report and publishes it as {@code system.status} every few seconds and soon
 * after any service changes (changes that arrive together become one event).
 */
public final class StatusReporter {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final ServiceMonitor monitor;
    private final CompletableFuture<HostMetrics> metrics;
    private final EventBus bus;
    private final Clock clock;
    private final Instant startedAt;
    private final String version;
    private final Supplier<List<ModelDownload>> downloads;
    private final AtomicBoolean changePending = new AtomicBoolean();
    private final AtomicBoolean metricsFailureLogged = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<String> storedStates = new java.util.concurrent.atomic.AtomicReference<>("");

    public StatusReporter(ServiceMonitor monitor, CompletableFuture<HostMetrics> metrics, EventBus bus, Clock clock,
            String version, Supplier<List<ModelDownload>> downloads) {
        this.downloads = downloads;
        this.monitor = monitor;
        this.metrics = metrics;
        this.bus = bus;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.version = version;
    }

    /** Publishes on {@code interval}, and within 100 ms of a service change. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        monitor.onChange(change -> {
            if (changePending.compareAndSet(false, true)) {
                scheduler.schedule(() -> {
                    changePending.set(false);
                    publish("service changed");
                }, 100, TimeUnit.MILLISECONDS);
            }
        });
        scheduler.scheduleAtFixedRate(() -> publish("periodic"), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public StatusResponse report() {
        List<ServiceStatus> services = monitor.snapshot().stream()
                .map(c -> new ServiceStatus(c.health().service().wire(), c.health().state().wire(), c.health().detail(),
                        c.health().fix(), c.since()))
                .toList();
        EventBus.Stats stats = bus.stats();
        StatusResponse.EventStats events = new StatusResponse.EventStats(stats.published(), stats.stored(),
                stats.storeFailures(), stats.missed(), stats.subscribers(), stats.lastStoredId());
        Instant now = clock.instant();
        return new StatusResponse(version, startedAt, Duration.between(startedAt, now).toSeconds(), services,
                hostMetrics(), events, downloads.get());
    }

    /** Host figures, or zeros when OSHI could not start on this system (status must still answer). */
    private StatusResponse.SystemMetrics hostMetrics() {
        try {
            return metrics.join().sample();
        } catch (RuntimeException e) {
            if (metricsFailureLogged.compareAndSet(false, true)) {
                log.warn("Host metrics are not available on this system; status reports zeros", e);
            }
            return new StatusResponse.SystemMetrics(0, 0, Runtime.getRuntime().availableProcessors(), 0, 0, 0,
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), Runtime.getRuntime().maxMemory(),
                    "", 0, 0);
        }
    }

    private void publish(String reason) {
        try {
            StatusResponse report = report();
            long notOk = report.services().stream().filter(s -> !s.state().equals(ServiceState.OK.wire())).count();
            String message = notOk == 0 ? "all services ok" : notOk + " of " + report.services().size() + " services need attention";
            // Stored when a service's state or its reason changed since the last stored status; the
            // periodic ticks in between are live only (a tick every 5 s stored would be 17,000 rows a
            // day of nothing new). The reason counts: "no voice" then "the voice could not be loaded"
            // is news, even when both are unavailable and the change is seen by one coalesced publish.
            String states = report.services().stream().map(s -> s.name() + "=" + s.state() + ":" + s.detail()).sorted().toList().toString();
            if (!states.equals(storedStates.getAndSet(states))) {
                bus.publish(report, Severity.INFO, message);
            } else {
                bus.publishLive(report, Severity.INFO, message);
            }
        } catch (RuntimeException e) {
            log.warn("Could not publish the {} status", reason, e);
        }
    }
}
