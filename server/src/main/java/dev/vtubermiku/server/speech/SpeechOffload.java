package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.protocol.event.ErrorOccurred;
import dev.vtubermiku.server.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where one direction of speech (tts or stt) is served from: the remote endpoint when one is
 * configured and answering, else the local engine. A remote failure is remembered for
 * {@link #RETRY_AFTER}, during which the local engine serves without waiting for the remote again;
 * the change is announced once (an {@code error.occurred} warning) and status says who serves.
 */
public final class SpeechOffload {

    /** How long a failed remote is left alone before it is tried again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final ServiceId service;
    private final String localName;
    private final Function<Settings, Optional<RemoteEndpoint>> endpoint;
    private final Supplier<Settings> settings;
    private final RemoteSpeechClient client;
    private final EventBus bus;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private volatile @Nullable Failure failure;
    private volatile Instant lastSuccess = Instant.EPOCH;

    private record Failure(String endpoint, String error, Instant at) {}

    /**
     * @param localName what the local engine is called in messages ("the local Piper")
     */
    public SpeechOffload(ServiceId service, String localName, Function<Settings, Optional<RemoteEndpoint>> endpoint,
            Supplier<Settings> settings, RemoteSpeechClient client, EventBus bus, Clock clock) {
        this.service = service;
        this.localName = localName;
        this.endpoint = endpoint;
        this.settings = settings;
        this.client = client;
        this.bus = bus;
        this.clock = clock;
    }

    /** The remote to try now: configured, and not failed within {@link #RETRY_AFTER}. */
    Optional<RemoteEndpoint> remote() {
        Optional<RemoteEndpoint> configured = endpoint.apply(settings.get());
        Failure f = failure;
        if (configured.isPresent() && f != null && f.endpoint().equals(configured.get().toString())
                && clock.instant().isBefore(f.at().plus(RETRY_AFTER))) {
            return Optional.empty();
        }
        return configured;
    }

    /** Whether a remote is configured at all (then the local engine only stands in). */
    boolean configured() {
        return endpoint.apply(settings.get()).isPresent();
    }

    RemoteSpeechClient client() {
        return client;
    }

    void succeeded() {
        lastSuccess = clock.instant();
        if (failure != null) {
            failure = null;
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * The remote failed; {@code fallback} says whether the local engine takes over. Announced once
     * per outage, not once per sentence.
     */
    void failed(RemoteEndpoint where, RemoteSpeechException error, boolean fallback) {
        boolean first = failure == null;
        failure = new Failure(where.toString(), error.getMessage(), clock.instant());
        if (first) {
            bus.publish(ErrorOccurred.remoteEngine(service.wire(), where.baseUrl(), error.getMessage(), fallback ? "local" : "none"),
                    Severity.WARNING, error.getMessage() + (fallback ? "; " + localName + " stands in" : "; no local engine to stand in"));
        }
        listeners.forEach(Runnable::run);
    }

    /** Called after the remote's state changed (to refresh status at once). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Status for this service: the local probe when nothing is offloaded, else who serves and how it goes. */
    public ServiceProbe probe(ServiceProbe local) {
        return new ServiceProbe() {
            @Override
            public ServiceId service() {
                return service;
            }

            @Override
            public Duration interval() {
                return local.interval();
            }

            @Override
            public ServiceHealth check() {
                ServiceHealth here = local.check();
                Optional<RemoteEndpoint> remote = endpoint.apply(settings.get());
                if (remote.isEmpty()) {
                    return here;
                }
                RemoteEndpoint where = remote.get();
                Failure f = failure;
                if (f == null && clock.instant().isAfter(lastSuccess.plus(Duration.ofSeconds(30)))) {
                    String unreachable = client.unreachable(where);
                    if (unreachable != null) {
                        f = new Failure(where.toString(), where + " is unreachable: " + unreachable, clock.instant());
                    }
                }
                String localDetail = localName + ": " + here.detail();
                if (f == null) {
                    return ServiceHealth.ok(service, "remote " + where + " serves; " + localDetail);
                }
                String detail = "remote " + f.error();
                if (here.state() == ServiceState.OK) {
                    return ServiceHealth.degraded(service, detail + "; " + localName + " stands in",
                            "check that the server at " + where.baseUrl() + " runs and accepts the key");
                }
                return ServiceHealth.unavailable(service, detail + "; " + localDetail,
                        "start the server at " + where.baseUrl() + ", or install a local model");
            }
        };
    }
}
