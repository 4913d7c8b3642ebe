package dev.vtubermiku.server.models;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.protocol.ModelDownload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three models a first start needs (the default voice, the Whisper model and Silero VAD, as the
 * configuration names them), fetched by the backend itself when they are missing (AUTO_PULL): one
 * after the other, the voice first so that she speaks as soon as possible, while everything else
 * already runs. Their progress goes to the log (the terminal), to {@link #downloads()} for
 * {@code /api/status}, and into the stt/tts/vad status while they are missing.
 */
public final class StarterModels implements PullListener {

    private static final Logger log = LoggerFactory.getLogger(StarterModels.class);

    /** The files the configuration uses: PIPER_MODEL_PATH, the Whisper model file, VAD_MODEL_PATH. */
    public record Wanted(Path voice, Path whisper, Path vad) {}

    private record Tracked(PullJob job, @Nullable String error) {}

    private final ModelLibrary library;
    private final Supplier<Wanted> wanted;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<String, Integer> loggedTenth = new ConcurrentHashMap<>();

    public StarterModels(ModelLibrary library, Supplier<Wanted> wanted) {
        this.library = library;
        this.wanted = wanted;
        library.addListener(this);
    }

    /**
     * The catalog entries for the wanted files, voice, VAD, Whisper (the order they are fetched
     * in), keyed by the service that needs them. A file the catalog does not install (a voice of
     * one's own, a model elsewhere) has no entry: nothing can be fetched for it.
     */
    public Map<ServiceId, ModelEntry> entries() {
        return entries(library.catalog(), library.modelsDir(), wanted.get());
    }

    /** {@link #entries()} of any catalog and folder: what a pull would fetch for those files (the doctor asks too). */
    public static Map<ServiceId, ModelEntry> entries(ModelCatalog catalog, Path modelsDir, Wanted w) {
        Map<ServiceId, ModelEntry> entries = new LinkedHashMap<>();
        entryFor(catalog, modelsDir, ModelKind.PIPER, w.voice()).ifPresent(e -> entries.put(ServiceId.TTS, e));
        entryFor(catalog, modelsDir, ModelKind.VAD, w.vad()).ifPresent(e -> entries.put(ServiceId.VAD, e));
        entryFor(catalog, modelsDir, ModelKind.WHISPER, w.whisper()).ifPresent(e -> entries.put(ServiceId.STT, e));
        return entries;
    }

    private static Optional<ModelEntry> entryFor(ModelCatalog catalog, Path dir, ModelKind kind, Path file) {
        Path want = file.toAbsolutePath().normalize();
        return catalog.entries().stream()
                .filter(e -> e.kind() == kind)
                .filter(e -> e.target(dir, e.files().getFirst()).toAbsolutePath().normalize().equals(want))
                .findFirst();
    }

    /** The wanted models that are not (completely) installed. */
    public List<ModelEntry> missing() {
        return entries().values().stream().filter(e -> {
            ModelStatus.State state = library.status(e).state();
            return state != ModelStatus.State.INSTALLED && state != ModelStatus.State.VERIFIED;
        }).toList();
    }

    /** Fetches every missing one, one after the other, on {@code executor}; returns at once. */
    public void pullMissing(Executor executor) {
        List<ModelEntry> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        long bytes = missing.stream().mapToLong(ModelEntry::size).sum();
        log.info("First start: downloading {} ({}) in the background{}; everything else works meanwhile (AUTO_PULL=false turns this off)",
                String.join(", ", missing.stream().map(ModelEntry::name).toList()), Bytes.format(bytes),
                library.mirror().map(m -> " from " + m).orElse(""));
        executor.execute(() -> {
            for (ModelEntry entry : missing) {
                try {
                    library.pull(entry).job().result().join();
                } catch (CompletionException e) {
                    // reported by failed(); the next model is still worth fetching
                }
            }
        });
    }

    /** The starter models being fetched, or whose fetch failed (until a new pull of them starts). */
    public List<ModelDownload> downloads() {
        List<ModelDownload> list = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            PullJob job = t.job();
            String name = job.entry().name();
            list.add(new ModelDownload(name, job.entry().kind().folder(), t.error() == null ? "running" : "failed",
                    PullEvents.payload(job, job.progress()), t.error(), t.error() == null ? null : retry(name)));
        }
        return list;
    }

    private static String retry(String name) {
        return "check the network (or MODEL_MIRROR), then run ./vtuber models pull " + name
                + " or pull it in the command center's Status tab; restarting tries again too";
    }

    /**
     * {@code probe} as the status shows it while its model is on its way: "downloading … 42%" (degraded,
     * not unavailable), or why the download failed and how to retry.
     */
    public ServiceProbe explain(ServiceProbe probe) {
        return new ServiceProbe() {
            @Override
            public ServiceId service() {
                return probe.service();
            }

            @Override
            public Duration interval() {
                return probe.interval();
            }

            @Override
            public ServiceHealth check() {
                ServiceHealth health = probe.check();
                if (health.state() == ServiceState.OK) {
                    return health;
                }
                ModelEntry entry = entries().get(probe.service());
                Tracked t = entry == null ? null : tracked.get(entry.name());
                if (t == null) {
                    return health;
                }
                if (t.error() != null) {
                    return ServiceHealth.unavailable(probe.service(),
                            "the download of " + entry.name() + " failed: " + t.error(), retry(entry.name()));
                }
                PullProgress p = t.job().progress();
                return ServiceHealth.degraded(probe.service(), "downloading " + entry.name() + ": " + p.percent() + "% of "
                        + Bytes.format(p.bytesTotal()), "wait: it is used as soon as it is in, no restart needed");
            }
        };
    }

    private boolean isStarter(PullJob job) {
        return entries().containsValue(job.entry());
    }

    @Override
    public void started(PullJob job) {
        if (isStarter(job)) {
            tracked.put(job.entry().name(), new Tracked(job, null));
            loggedTenth.put(job.id(), -1);
        }
    }

    /** The terminal's view: a line at each tenth of the way, not one per write. */
    @Override
    public void progress(PullJob job, PullProgress progress) {
        Integer last = loggedTenth.get(job.id());
        int tenth = progress.percent() / 10;
        if (last != null && tenth > last && loggedTenth.replace(job.id(), last, tenth)) {
            log.info("Downloading {}: {}% of {}{}", job.entry().name(), progress.percent(), Bytes.format(progress.bytesTotal()),
                    progress.bytesPerSecond() > 0 ? ", " + Bytes.format(progress.bytesPerSecond()) + "/s" : "");
        }
    }

    @Override
    public void saved(PullJob job, List<Path> files) {
        if (loggedTenth.remove(job.id()) != null) {
            log.info("{} is in and loaded: {}", job.entry().name(), files.getFirst());
        }
        tracked.computeIfPresent(job.entry().name(), (name, t) -> t.job() == job ? null : t);
    }

    @Override
    public void failed(PullJob job, ModelPullException error) {
        if (loggedTenth.remove(job.id()) != null) {
            tracked.put(job.entry().name(), new Tracked(job, error.getMessage()));
            log.warn("The download of {} failed: {}. To retry: {}", job.entry().name(), error.getMessage(),
                    retry(job.entry().name()));
        }
    }
}
