package dev.vtubermiku.server.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.server.models.ModelPullException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog, what of it is installed under MODELS_DIR, and the pulls that install it. A pull of a
 * model that is already being pulled joins that pull, so two requests make one download. A
 * model's files are installed one by one, each under its final name only once it is verified; the
 * model counts as installed (and {@link InstallListener}s hear of it) only when all are.
 */
public final class ModelLibrary {

    private static final Logger log = LoggerFactory.getLogger(ModelLibrary.class);

    private final ModelCatalog catalog;
    private final Supplier<Path> modelsDir;
    private final Supplier<Optional<URI>> mirror;
    private final FileDownload download;
    private final Executor pulls;
    private final VerifiedLedger ledger;
    private final Map<String, PullJob> running = new ConcurrentHashMap<>();
    private final List<PullListener> pullListeners = new CopyOnWriteArrayList<>();
    private final List<InstallListener> installListeners = new CopyOnWriteArrayList<>();

    /** A new pull joined or started by {@link #pull}; {@code joined} when one was already running. */
    public record Pull(PullJob job, boolean joined) {}

    /** The outcome of checking one file: ok, mismatch (checksum or size), or missing. */
    public record FileCheck(ModelEntry entry, CatalogFile file, Path path, Result result, String detail) {
        public enum Result {
            OK,
            MISMATCH,
            MISSING
        }
    }

    /**
     * @param modelsDir MODELS_DIR, asked at each use (it can change at runtime)
     * @param mirror MODEL_MIRROR, asked at each pull
     * @param http asked on the first download only: building a client loads the TLS trust store,
     *     which start-up need not wait for
     * @param pulls runs each pull; a virtual-thread executor suits (a pull waits on the network)
     * @param timers for the stall watchdog of each download
     */
    public ModelLibrary(ModelCatalog catalog, Supplier<Path> modelsDir, Supplier<Optional<URI>> mirror,
            Supplier<HttpClient> http, DownloadPolicy policy, Executor pulls, ScheduledExecutorService timers,
            ObjectMapper json) {
        this.catalog = catalog;
        this.modelsDir = modelsDir;
        this.mirror = mirror;
        this.download = new FileDownload(once(http), policy, timers);
        this.pulls = pulls;
        this.ledger = new VerifiedLedger(json);
    }

    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private @Nullable T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** The client a library should be given: redirects followed (Hugging Face answers 302 to its CDN). */
    public static HttpClient httpClient(DownloadPolicy policy) {
        return HttpClient.newBuilder()
                .connectTimeout(policy.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Where a file is fetched from. With MODEL_MIRROR set, its scheme, host and port replace the
     * upstream's, any path it has is put in front, and the upstream path and query are kept:
     * {@code MODEL_MIRROR=http://nas:8080/models} fetches
     * {@code https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.bin} from
     * {@code http://nas:8080/models/ggerganov/whisper.cpp/resolve/main/ggml-base.bin}.
     */
    public static URI source(URI upstream, Optional<URI> mirror) {
        if (mirror.isEmpty()) {
            return upstream;
        }
        String base = mirror.get().toString().replaceAll("/+$", "");
        String query = upstream.getRawQuery();
        return URI.create(base + upstream.getRawPath() + (query == null ? "" : "?" + query));
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public Path modelsDir() {
        return modelsDir.get();
    }

    public Optional<URI> mirror() {
        return mirror.get();
    }

    public void addListener(PullListener listener) {
        pullListeners.add(listener);
    }

    /** Hears of every model a pull installs; the hook through which engines load new models. */
    public void onInstalled(InstallListener listener) {
        installListeners.add(listener);
    }

    public ModelStatus status(ModelEntry entry) {
        Path dir = modelsDir();
        List<ModelStatus.FileStatus> files = new ArrayList<>();
        long bytes = 0;
        for (CatalogFile file : entry.files()) {
            Path path = entry.target(dir, file);
            ModelStatus.State state;
            long have = 0;
            try {
                if (Files.isRegularFile(path)) {
                    have = Files.size(path);
                    state = have != file.size() ? ModelStatus.State.CORRUPT
                            : ledger.isVerified(dir, path, file) ? ModelStatus.State.VERIFIED : ModelStatus.State.INSTALLED;
                } else if (Files.isRegularFile(FileDownload.partOf(path))) {
                    have = Math.min(Files.size(FileDownload.partOf(path)), file.size());
                    state = ModelStatus.State.PARTIAL;
                } else {
                    state = ModelStatus.State.MISSING;
                }
            } catch (IOException e) {
                state = ModelStatus.State.MISSING; // vanished between the two looks
            }
            bytes += state == ModelStatus.State.CORRUPT ? 0 : have;
            files.add(new ModelStatus.FileStatus(file, path, state, have));
        }
        return new ModelStatus(entry, ModelStatus.combine(files), bytes, files);
    }

    public Optional<PullJob> running(String name) {
        return Optional.ofNullable(running.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Starts pulling {@code entry}, or joins the pull of it already running. */
    public Pull pull(ModelEntry entry) {
        String key = entry.name().toLowerCase(Locale.ROOT);
        PullJob fresh = new PullJob(UUID.randomUUID().toString(), entry);
        PullJob job = running.putIfAbsent(key, fresh);
        if (job != null) {
            return new Pull(job, true);
        }
        notify(l -> l.started(fresh));
        try {
            pulls.execute(() -> run(key, fresh));
        } catch (RejectedExecutionException e) {
            fail(key, fresh, new ModelPullException(Reason.CANCELLED, "the backend is shutting down"));
        }
        return new Pull(fresh, false);
    }

    private void run(String key, PullJob job) {
        ModelEntry entry = job.entry();
        Path dir = modelsDir();
        Optional<URI> mirrorNow = mirror();
        try {
            List<Path> installed = new ArrayList<>();
            for (CatalogFile file : entry.files()) {
                Path target = entry.target(dir, file);
                if (!alreadyThere(dir, target, file, job)) {
                    URI source = source(file.url(), mirrorNow);
                    job.startFile(file, PullProgress.Phase.DOWNLOADING);
                    log.info("Downloading {} from {}", target, source);
                    download.fetch(file, source, target, (position, transferred) -> {
                        job.at(position, transferred);
                        notify(l -> l.progress(job, job.progress()));
                    });
                    ledger.record(dir, target, file);
                }
                job.finishFile(file);
                installed.add(target);
            }
            log.info("Model {} installed: {}", entry.name(), installed);
            // Engines hear first, so that by the time the pull reports saved the model is in use.
            for (InstallListener listener : installListeners) {
                try {
                    listener.installed(entry, List.copyOf(installed));
                } catch (RuntimeException e) {
                    log.error("An install listener failed on {}", entry.name(), e);
                }
            }
            running.remove(key, job);
            job.saved(List.copyOf(installed));
            notify(l -> l.saved(job, installed));
        } catch (ModelPullException e) {
            fail(key, job, e);
        } catch (RuntimeException e) {
            log.error("Pull of {} failed unexpectedly", entry.name(), e);
            fail(key, job, new ModelPullException(Reason.IO, "unexpected error: " + e, e));
        }
    }

    private void fail(String key, PullJob job, ModelPullException e) {
        // INFO: the failure is reported where it matters (model.failed event, the command line's error).
        log.info("Pull of {} failed: {}", job.entry().name(), e.getMessage());
        running.remove(key, job);
        job.failed(e);
        notify(l -> l.failed(job, e));
    }

    /** True when the file is in place and matches; a wrong one is replaced by the download. */
    private boolean alreadyThere(Path dir, Path target, CatalogFile file, PullJob job) throws ModelPullException {
        try {
            if (!Files.isRegularFile(target) || Files.size(target) != file.size()) {
                return false;
            }
            if (ledger.isVerified(dir, target, file)) {
                return true;
            }
            job.startFile(file, PullProgress.Phase.VERIFYING);
            String actual = FileDownload.hash(target, file.checksum().algorithm(), (position, n) -> {
                job.at(position, 0);
                notify(l -> l.progress(job, job.progress()));
            });
            if (actual.equals(file.checksum().hex())) {
                ledger.record(dir, target, file);
                return true;
            }
            log.warn("{} does not match its checksum ({}); downloading it again", target, file.checksum());
            ledger.forget(dir, target);
            return false;
        } catch (IOException e) {
            throw new ModelPullException(Reason.IO, "cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    /** Checks every file of {@code entry} that is installed against its checksum (reads them all). */
    public List<FileCheck> verify(ModelEntry entry) {
        Path dir = modelsDir();
        List<FileCheck> checks = new ArrayList<>();
        for (CatalogFile file : entry.files()) {
            Path path = entry.target(dir, file);
            if (!Files.isRegularFile(path)) {
                checks.add(new FileCheck(entry, file, path, FileCheck.Result.MISSING, "not installed"));
                continue;
            }
            try {
                long size = Files.size(path);
                if (size != file.size()) {
                    ledger.forget(dir, path);
                    checks.add(new FileCheck(entry, file, path, FileCheck.Result.MISMATCH,
                            size + " bytes, expected " + file.size()));
                    continue;
                }
                String actual = FileDownload.hash(path, file.checksum().algorithm(), (p, n) -> {});
                if (actual.equals(file.checksum().hex())) {
                    ledger.record(dir, path, file);
                    checks.add(new FileCheck(entry, file, path, FileCheck.Result.OK, file.checksum().toString()));
                } else {
                    ledger.forget(dir, path);
                    checks.add(new FileCheck(entry, file, path, FileCheck.Result.MISMATCH,
                            file.checksum().algorithm().wire() + " is " + actual + ", expected " + file.checksum().hex()));
                }
            } catch (IOException e) {
                checks.add(new FileCheck(entry, file, path, FileCheck.Result.MISMATCH, "cannot read: " + e.getMessage()));
            }
        }
        return checks;
    }

    private void notify(Consumer<PullListener> call) {
        for (PullListener listener : pullListeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("A pull listener failed", e);
            }
        }
    }
}
