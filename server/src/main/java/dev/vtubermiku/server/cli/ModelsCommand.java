package dev.vtubermiku.server.cli;

import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.models.Bytes;
import dev.vtubermiku.server.models.DownloadPolicy;
import dev.vtubermiku.server.models.ModelCatalog;
import dev.vtubermiku.server.models.ModelEntry;
import dev.vtubermiku.server.models.ModelLibrary;
import dev.vtubermiku.server.models.ModelPullException;
import dev.vtubermiku.server.models.ModelStatus;
import dev.vtubermiku.server.models.PullJob;
import dev.vtubermiku.server.models.PullListener;
import dev.vtubermiku.server.models.PullProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * {@code vtuber models list | pull NAME... | verify [NAME...]}: the model manager without a running
 * backend. Exit codes: 0 fine, 1 a pull failed or a checksum did not match, 2 an unknown name or
 * bad usage.
 */
final class ModelsCommand {

    static final String USAGE = """
            usage: ./vtuber models list              the catalog: name, kind, size, state
                   ./vtuber models pull NAME...      download, resuming and verifying (e.g. en_US-amy-medium, whisper-base.en)
                   ./vtuber models verify [NAME...]  check installed files against their checksums""";

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final String version;

    /** @param terminal whether {@code out} is an interactive terminal: a redrawn bar, else plain lines */
    ModelsCommand(Settings settings, PrintStream out, PrintStream err, boolean terminal, String version) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.version = version;
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        ExecutorService pulls = Executors.newVirtualThreadPerTaskExecutor();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("download-watchdog").factory());
        try {
            DownloadPolicy policy = DownloadPolicy.defaults(version);
            ModelLibrary library = new ModelLibrary(ModelCatalog.builtIn(Json.newMapper()), settings::modelsDir,
                    settings::modelMirror, () -> ModelLibrary.httpClient(policy), policy, pulls, timers, Json.newMapper());
            List<String> names = args.subList(1, args.size());
            return switch (args.getFirst()) {
                case "list" -> list(library);
                case "pull" -> pull(library, names);
                case "verify" -> verify(library, names);
                default -> {
                    err.println("unknown models command '" + args.getFirst() + "'");
                    err.println(USAGE);
                    yield Main.EXIT_USAGE;
                }
            };
        } finally {
            pulls.shutdownNow();
            timers.shutdownNow();
        }
    }

    private int list(ModelLibrary library) {
        List<ModelEntry> entries = library.catalog().entries();
        int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4) + 2;
        out.printf(Locale.ROOT, "%-" + width + "s %-8s %10s  %s%n", "NAME", "KIND", "SIZE", "STATE");
        for (ModelEntry entry : entries) {
            ModelStatus status = library.status(entry);
            String state = status.state().wire();
            if (status.state() == ModelStatus.State.PARTIAL) {
                state += " (" + Bytes.format(status.installedBytes()) + ")";
            }
            out.printf(Locale.ROOT, "%-" + width + "s %-8s %10s  %s%n", entry.name() + (entry.isDefault() ? " *" : ""),
                    entry.kind().folder(), Bytes.format(entry.size()), state);
        }
        out.println();
        out.println("* = used by the default configuration. Models live in " + absolute(library.modelsDir())
                + library.mirror().map(m -> "; downloads come from MODEL_MIRROR " + m).orElse("") + ".");
        out.println("Get one with: ./vtuber models pull NAME");
        return 0;
    }

    private int pull(ModelLibrary library, List<String> names) {
        if (names.isEmpty()) {
            err.println("which model? e.g. ./vtuber models pull en_US-amy-medium (./vtuber models list shows every name)");
            return Main.EXIT_USAGE;
        }
        List<ModelEntry> entries = resolve(library, names);
        if (entries == null) {
            return Main.EXIT_USAGE;
        }
        int code = 0;
        for (ModelEntry entry : entries) {
            code = Math.max(code, pullOne(library, entry));
        }
        return code;
    }

    private int pullOne(ModelLibrary library, ModelEntry entry) {
        out.println("Pulling " + entry.name() + " (" + Bytes.format(entry.size()) + ", " + entry.files().size()
                + (entry.files().size() == 1 ? " file" : " files") + ") into " + absolute(library.modelsDir().resolve(entry.kind().folder()))
                + library.mirror().map(m -> " from " + m).orElse(""));
        ProgressDisplay display = new ProgressDisplay();
        library.addListener(display);
        ModelLibrary.Pull pull;
        synchronized (display) { // progress waits until the display knows which job is ours
            pull = library.pull(entry);
            display.job = pull.job();
        }
        try {
            List<Path> files = pull.job().result().get();
            display.finish();
            out.println("Saved " + entry.name() + ", checked against its published checksum:");
            files.forEach(f -> out.println("  " + absolute(f)));
            return 0;
        } catch (ExecutionException e) {
            display.finish();
            String reason = e.getCause() instanceof ModelPullException p && p.retryable()
                    ? " (what arrived is kept; run the same command again to resume)" : "";
            err.println("error: pull of " + entry.name() + " failed: " + e.getCause().getMessage() + reason);
            return Main.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return Main.EXIT_FAILED;
        }
    }

    private int verify(ModelLibrary library, List<String> names) {
        List<ModelEntry> entries;
        if (names.isEmpty()) {
            entries = library.catalog().entries().stream()
                    .filter(e -> library.status(e).files().stream().anyMatch(f -> f.state() != ModelStatus.State.MISSING
                            && f.state() != ModelStatus.State.PARTIAL))
                    .toList();
            if (entries.isEmpty()) {
                out.println("No catalog models are installed in " + absolute(library.modelsDir()) + ".");
                return 0;
            }
        } else {
            entries = resolve(library, names);
            if (entries == null) {
                return Main.EXIT_USAGE;
            }
        }
        int bad = 0;
        for (ModelEntry entry : entries) {
            for (ModelLibrary.FileCheck check : library.verify(entry)) {
                String where = entry.kind().folder() + "/" + check.file().file();
                switch (check.result()) {
                    case OK -> out.println("ok        " + entry.name() + "  " + where + "  " + check.detail());
                    case MISMATCH -> {
                        bad++;
                        out.println("MISMATCH  " + entry.name() + "  " + where + "  " + check.detail());
                    }
                    case MISSING -> {
                        bad++;
                        out.println("MISSING   " + entry.name() + "  " + where);
                    }
                }
            }
        }
        if (bad > 0) {
            err.println(bad + (bad == 1 ? " file is" : " files are") + " missing or damaged: run ./vtuber models pull NAME"
                    + " to replace them");
            return Main.EXIT_FAILED;
        }
        out.println("All files match their published checksums.");
        return 0;
    }

    /** The entries for the names, or null after saying which names are unknown and what was probably meant. */
    private @Nullable List<ModelEntry> resolve(ModelLibrary library, List<String> names) {
        List<ModelEntry> entries = new ArrayList<>();
        boolean unknown = false;
        for (String name : names) {
            var entry = library.catalog().find(name);
            if (entry.isPresent()) {
                entries.add(entry.get());
                continue;
            }
            unknown = true;
            List<String> close = library.catalog().closeTo(name, 5);
            err.println("unknown model '" + name + "'" + (close.isEmpty() ? "" : "; did you mean: " + String.join(", ", close) + "?"));
        }
        if (unknown) {
            err.println("./vtuber models list shows every name.");
            return null;
        }
        return entries;
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /**
     * Shows one pull's progress: on a terminal a bar redrawn in place at most ten times a second;
     * otherwise (a log, a pipe, CI) a plain line every tenth of the way.
     */
    private final class ProgressDisplay implements PullListener {
        private @Nullable PullJob job;
        private long lastDraw;
        private int lastTenth = -1;
        private boolean drawn;

        @Override
        public synchronized void progress(PullJob of, PullProgress progress) {
            if (of != job) {
                return;
            }
            if (terminal) {
                long now = System.nanoTime();
                if (now - lastDraw < 100_000_000L && progress.bytesDone() < progress.bytesTotal()) {
                    return;
                }
                lastDraw = now;
                out.print("\r" + bar(progress) + "\u001b[K");
                out.flush();
                drawn = true;
            } else {
                int tenth = progress.percent() / 10;
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    out.println(line(progress));
                }
            }
        }

        synchronized void finish() {
            if (drawn) {
                out.println();
            }
        }

        private String bar(PullProgress p) {
            int width = 24;
            int filled = (int) (width * (long) p.percent() / 100);
            return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + line(p);
        }

        private String line(PullProgress p) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%3d%%  %s / %s", p.percent(),
                    Bytes.format(p.bytesDone()), Bytes.format(p.bytesTotal())));
            if (p.phase() == PullProgress.Phase.VERIFYING) {
                s.append("  checking ").append(p.file());
                return s.toString();
            }
            if (p.bytesPerSecond() > 0) {
                s.append("  ").append(Bytes.format(p.bytesPerSecond())).append("/s");
            }
            if (p.eta() != null) {
                s.append("  ETA ").append(eta(p.eta()));
            }
            return s.append("  ").append(p.file()).toString();
        }

        private static String eta(Duration d) {
            long s = d.toSeconds();
            return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }
}
