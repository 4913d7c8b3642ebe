package dev.vtubermiku.server.onair;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.event.Subscription;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.protocol.ObsInfo;
import dev.vtubermiku.protocol.VtsInfo;
import dev.vtubermiku.protocol.event.ObsStateChanged;
import dev.vtubermiku.protocol.event.VtsStateChanged;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.SecretMasker;
import dev.vtubermiku.server.onair.obs.ObsControl;
import dev.vtubermiku.server.onair.obs.ObsState;
import dev.vtubermiku.server.onair.vts.VtsPlugin;
import dev.vtubermiku.server.onair.vts.VtsState;
import dev.vtubermiku.server.store.Database;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The on-air links of this backend: the VTube Studio plugin when VTS_URL is set, OBS control when
 * OBS_URL is set. One bus subscription of their own (bounded) hands them her speech events; each
 * link reports its state to {@code /api/status} (services {@code vts}, {@code obs}) and as
 * {@code vts.state} / {@code obs.state} events.
 */
public final class OnAir implements AutoCloseable {

    /** How the links pace themselves; tests shorten the waits. */
    public record Timing(Duration firstRetry, Duration maxRetry, Duration connectTimeout, Duration heartbeat,
            Duration mouthTick, Duration captionHold) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofSeconds(2));
    }

    private final EventBus bus;
    private final OnAirStore store;
    private final Supplier<Settings> settings;
    private final @Nullable VtsPlugin vts;
    private final @Nullable ObsControl obs;
    private @Nullable Subscription subscription;
    private volatile String obsPassword;

    private OnAir(EventBus bus, OnAirStore store, Supplier<Settings> settings, @Nullable VtsPlugin vts,
            @Nullable ObsControl obs) {
        this.bus = bus;
        this.store = store;
        this.settings = settings;
        this.vts = vts;
        this.obs = obs;
        this.obsPassword = settings.get().get(ConfigKey.OBS_PASSWORD);
    }

    /** Creates the configured links (nothing connects before {@link #start}). */
    public static OnAir create(RuntimeConfig config, EventBus bus, Database database, SecretMasker masker,
            ObjectMapper json, Clock clock, Timing timing) {
        Supplier<Settings> settings = config::current;
        OnAirStore store = new OnAirStore(database, json, clock);
        Settings now = settings.get();
        String vtsUrl = now.get(ConfigKey.VTS_URL);
        String obsUrl = now.get(ConfigKey.OBS_URL);
        VtsPlugin vts = vtsUrl.isEmpty() ? null : new VtsPlugin(URI.create(vtsUrl), store, masker, json,
                new Backoff(timing.firstRetry(), timing.maxRetry()), timing.connectTimeout(), timing.heartbeat(), timing.mouthTick());
        ObsControl obs = obsUrl.isEmpty() ? null : new ObsControl(URI.create(obsUrl), store,
                () -> settings.get().get(ConfigKey.OBS_PASSWORD), () -> settings.get().get(ConfigKey.OBS_CAPTION_SOURCE), json,
                new Backoff(timing.firstRetry(), timing.maxRetry()), timing.connectTimeout(), timing.heartbeat(), timing.captionHold());
        OnAir onAir = new OnAir(bus, store, settings, vts, obs);
        config.onChange(onAir::settingsChanged);
        return onAir;
    }

    /** Status probes of the configured links (none when neither is configured). */
    public List<ServiceProbe> probes() {
        List<ServiceProbe> probes = new ArrayList<>();
        if (vts != null) {
            probes.add(new LinkProbe(ServiceId.VTS, vts::health));
        }
        if (obs != null) {
            probes.add(new LinkProbe(ServiceId.OBS, obs::health));
        }
        return probes;
    }

    /** Reports changes to the monitor and the bus, subscribes to her speech and connects. */
    public void start(ServiceMonitor monitor) {
        if (vts == null && obs == null) {
            return;
        }
        if (vts != null) {
            vts.onChange((state, detail) -> {
                bus.publish(new VtsStateChanged(state.wire(), detail), state == VtsState.CONNECTED ? Severity.INFO : Severity.WARNING,
                        "VTube Studio: " + detail);
                monitor.refresh(ServiceId.VTS);
            });
        }
        if (obs != null) {
            obs.onChange((state, detail) -> {
                bus.publish(new ObsStateChanged(state.wire(), detail),
                        state == ObsState.CONNECTED && !detail.startsWith("connected;") ? Severity.INFO : Severity.WARNING,
                        "OBS: " + detail);
                monitor.refresh(ServiceId.OBS);
            });
        }
        subscription = bus.listen("on-air", new TopicFilter(SpeechCue.TOPICS), 512, event ->
                SpeechCue.of(event, System.nanoTime()).ifPresent(cue -> {
                    if (vts != null) {
                        vts.cue(cue);
                    }
                    if (obs != null) {
                        obs.cue(cue);
                    }
                }));
        if (vts != null) {
            vts.start();
        }
        if (obs != null) {
            obs.start();
        }
    }

    /** The configuration changed: a new OBS_PASSWORD is tried at once. */
    private void settingsChanged(Settings changed) {
        String password = changed.get(ConfigKey.OBS_PASSWORD);
        if (!password.equals(obsPassword)) {
            obsPassword = password;
            if (obs != null) {
                obs.passwordChanged();
            }
        }
    }

    public @Nullable VtsPlugin vts() {
        return vts;
    }

    public @Nullable ObsControl obs() {
        return obs;
    }

    public VtsInfo vtsInfo() {
        if (vts == null) {
            return new VtsInfo(false, VtsState.OFF.wire(), "VTS_URL is not set", List.of(), store.vtsExpressions());
        }
        vts.refreshHotkeys();
        return new VtsInfo(true, vts.state().wire(), vts.detail(), vts.hotkeys(), vts.expressions());
    }

    public ObsInfo obsInfo() {
        if (obs == null) {
            String source = store.obsCaptionSource().filter(s -> !s.isEmpty())
                    .orElse(settings.get().get(ConfigKey.OBS_CAPTION_SOURCE));
            return new ObsInfo(false, ObsState.OFF.wire(), "OBS_URL is not set", List.of(), source, store.obsScenes());
        }
        obs.refreshScenes();
        return new ObsInfo(true, obs.state().wire(), obs.detail(), obs.scenes(), obs.captionSource(), obs.sceneMap());
    }

    /** Replaces the emotion → hotkey map; kept even while VTube Studio is off. */
    public void vtsExpressions(Map<String, String> map) {
        if (vts != null) {
            vts.expressions(map);
        } else {
            store.vtsExpressions(map);
        }
    }

    /** Changes OBS's caption source and/or scene map (null: unchanged); kept even while OBS is off. */
    public void obsSettings(@Nullable String captionSource, @Nullable Map<String, String> sceneMap) {
        if (obs != null) {
            obs.settings(captionSource, sceneMap);
            return;
        }
        if (captionSource != null) {
            store.obsCaptionSource(captionSource);
        }
        if (sceneMap != null) {
            store.obsScenes(sceneMap);
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        if (vts != null) {
            vts.close();
        }
        if (obs != null) {
            obs.close();
        }
    }

    /** A link's state as a status probe: it knows without asking anyone, so the check is instant. */
    private record LinkProbe(ServiceId service, Supplier<ServiceHealth> health) implements ServiceProbe {
        LinkProbe {
            Objects.requireNonNull(health);
        }

        @Override
        public Duration interval() {
            return Duration.ofSeconds(5);
        }

        @Override
        public ServiceHealth check() {
            return health.get();
        }
    }
}
