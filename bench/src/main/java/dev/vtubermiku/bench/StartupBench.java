package dev.vtubermiku.bench;

import dev.vtubermiku.server.config.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Start-up figure: {@code ./vtuber serve} from spawn to the first HTTP 200 on {@code /api/health},
 * and the idle resident memory of the backend. Runs the launcher itself, exactly as a user does, in
 * a fresh scratch folder per run: every run is a first start (a new database is created and
 * migrated, the starter characters are added), the figure the targets are judged on. Then
 * {@code --restarts} more starts on one kept folder after its first start: the everyday start of a
 * streamer's installation, reported beside it. Exit 0 when the medians of the first starts meet the
 * targets, 1 when not, 2 on a setup problem.
 *
 * <pre>java -cp bench/target/bench.jar dev.vtubermiku.bench.StartupBench [--runs 10] [--restarts 5] [--idle-seconds 5] [--rerecord]</pre>
 */
public final class StartupBench {

    static final double TARGET_START_MS = 1000;
    static final double TARGET_RSS_MB = 150;
    private static final Duration POLL_EVERY = Duration.ofMillis(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Generous: a stop should take well under a second, but a loaded box can stall a JVM exit. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);
    private static final byte[] HEALTH_REQUEST =
            "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Command-line choices. */
    record Options(Path root, int runs, int restarts, Duration idle, boolean rerecord) {

        static Options parse(String[] args) {
            Path root = Path.of("").toAbsolutePath();
            int runs = 10;
            int restarts = 5;
            Duration idle = Duration.ofSeconds(5);
            boolean rerecord = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i));
                    case "--restarts" -> restarts = Integer.parseInt(value(args, ++i));
                    case "--idle-seconds" -> idle = Duration.ofMillis(Math.round(Double.parseDouble(value(args, ++i)) * 1000));
                    case "--root" -> root = Path.of(value(args, ++i)).toAbsolutePath();
                    case "--rerecord" -> rerecord = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            if (restarts < 0) {
                throw new IllegalArgumentException("--restarts must be 0 or more");
            }
            return new Options(root.normalize(), runs, restarts, idle, rerecord);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** Whether the launcher will record the AOT cache on this run or map an existing one. */
    enum CacheState {
        RECORDING("first start after build (launcher records AOT cache first)"),
        CACHED("AOT cache");

        final String label;

        CacheState(String label) {
            this.label = label;
        }
    }

    /** One start: spawn to first 200, idle VmRSS, SIGTERM to exit. */
    record Run(int index, CacheState cache, long startNanos, long rssKb, long stopNanos, String java) {

        double startMs() {
            return startNanos / 1e6;
        }

        double rssMb() {
            return rssKb * 1024 / 1e6;
        }
    }

    private final Options options;
    private final Path serverJar;
    private final Path aotCache;

    StartupBench(Options options) {
        this.options = options;
        this.serverJar = options.root().resolve("server/target/server.jar");
        this.aotCache = options.root().resolve("server/target/vtuber.aot");
    }

    public static void main(String[] args) {
        Options options = BenchArgs.parseOrExit(args, Options::parse, "StartupBench [--runs N] [--restarts N] [--idle-seconds S] [--root REPO] [--rerecord]");
        System.exit(new StartupBench(options).run());
    }

    int run() {
        Optional<String> problem = preflight();
        if (problem.isPresent()) {
            System.err.println(problem.get());
            return 2;
        }
        System.out.println("StartupBench: ./vtuber serve -> first 200 on /api/health, idle RSS after "
                + options.idle().toMillis() / 1000.0 + " s");
        System.out.println("machine: " + Machine.current().describe());
        System.out.println("load average at start: " + Machine.loadAverage());
        if (Files.exists(options.root().resolve(".env"))) {
            System.out.println("note: " + options.root().resolve(".env") + " exists; keys not set here come from it");
        }
        String extraOpts = System.getenv("VTUBER_JAVA_OPTS");
        if (extraOpts != null && !extraOpts.isBlank()) {
            System.out.println("note: VTUBER_JAVA_OPTS=" + extraOpts);
        }
        if (options.rerecord()) {
            deleteQuietly(aotCache);
        }

        List<Run> runs = new ArrayList<>();
        try {
            Run warmUp = startOnce(0);
            System.out.println(row(warmUp) + "   (warm-up, not counted)");
            System.out.println("backend JVM: " + warmUp.java());
            if (cacheState() == CacheState.RECORDING) {
                System.out.println("warning: no usable AOT cache after the warm-up run; every run records again");
            }
            for (int i = 1; i <= options.runs(); i++) {
                Run r = startOnce(i);
                runs.add(r);
                System.out.println(row(r));
            }
            List<Run> restarts = new ArrayList<>();
            if (options.restarts() > 0) {
                try (TempDir kept = TempDir.create("vtuber-restarts-")) {
                    System.out.println(row(startIn(0, kept)) + "   (first start of the kept folder, not counted)");
                    for (int i = 1; i <= options.restarts(); i++) {
                        Run r = startIn(i, kept);
                        restarts.add(r);
                        System.out.println(row(r) + "   (restart)");
                    }
                }
            }
            System.out.println("load average at end:   " + Machine.loadAverage());
            System.out.println();
            return summarise(warmUp, runs, restarts);
        } catch (StartFailure e) {
            System.err.println("run failed: " + e.getMessage());
            return 2;
        }
    }

    private int summarise(Run warmUp, List<Run> runs, List<Run> restarts) {
        List<Run> counted = runs.stream().filter(r -> r.cache() == CacheState.CACHED).toList();
        if (counted.isEmpty()) {
            counted = runs;
        }
        Samples start = Samples.of(counted.stream().map(Run::startNanos).toList());
        Samples rss = Samples.of(counted.stream().map(Run::rssKb).toList());
        double medianStartMs = start.median() / 1e6;
        double medianRssMb = rss.median() * 1024 / 1e6;
        boolean startOk = medianStartMs < TARGET_START_MS;
        boolean rssOk = medianRssMb < TARGET_RSS_MB;

        System.out.printf(Locale.ROOT, "%-34s %8s %8s %8s %8s%n", "spawn -> first 200 (ms)", "min", "median", "p90", "max");
        System.out.printf(Locale.ROOT, "%-34s %8.0f %8.0f %8.0f %8.0f%n", "first starts, AOT cache (n=" + counted.size() + ")",
                start.min() / 1e6, medianStartMs, start.percentile(90) / 1e6, start.max() / 1e6);
        @org.jspecify.annotations.Nullable Samples again = restarts.isEmpty() ? null : Samples.of(restarts.stream().map(Run::startNanos).toList());
        if (again != null) {
            System.out.printf(Locale.ROOT, "%-34s %8.0f %8.0f %8.0f %8.0f%n", "restarts, same folder (n=" + restarts.size() + ")",
                    again.min() / 1e6, again.median() / 1e6, again.percentile(90) / 1e6, again.max() / 1e6);
        }
        if (warmUp.cache() == CacheState.RECORDING) {
            System.out.printf(Locale.ROOT, "%-34s %8.0f   (RSS %.0f MB)%n", "first start after build", warmUp.startMs(), warmUp.rssMb());
        }
        System.out.printf(Locale.ROOT, "idle RSS (MB, 10^6 bytes): min %.0f  median %.0f  max %.0f%n",
                rss.min() * 1024 / 1e6, medianRssMb, rss.max() * 1024 / 1e6);
        System.out.printf(Locale.ROOT, "target start  < %.0f ms: median %.0f ms  %s%n", TARGET_START_MS, medianStartMs, startOk ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "target RSS    < %.0f MB: median %.0f MB  %s%n", TARGET_RSS_MB, medianRssMb, rssOk ? "PASS" : "FAIL");
        SummaryLine line = new SummaryLine("startup").put("median_ms", Math.round(medianStartMs))
                .put("p90_ms", Math.round(start.percentile(90) / 1e6));
        if (again != null) {
            line.put("restart_median_ms", Math.round(again.median() / 1e6));
        }
        return line.put("rss_median_mb", Math.round(medianRssMb)).put("rss_max_mb", Math.round(rss.max() * 1024 / 1e6))
                .put("runs", counted.size()).target("median_ms", startOk).target("rss_median_mb", rssOk).print();
    }

    private static String row(Run r) {
        return String.format(Locale.ROOT, "run %2d  %-45s start %6.0f ms   idle RSS %5.0f MB   stop %5.0f ms",
                r.index(), r.cache().label, r.startMs(), r.rssMb(), r.stopNanos() / 1e6);
    }

    /** The launcher rebuilds a stale tree before starting; that would be timed as start-up, so refuse. */
    private Optional<String> preflight() {
        if (!Files.isExecutable(options.root().resolve("vtuber"))) {
            return Optional.of("no ./vtuber in " + options.root() + ": run from the repository root or pass --root");
        }
        if (!Files.isRegularFile(serverJar)) {
            return Optional.of("no " + serverJar + ": build first (mvn -B -q package -DskipTests)");
        }
        // Same rule as the launcher's needs_build: module sources and POMs except bench, against the
        // newer of server.jar and the launcher's build stamp.
        FileTime jar = modified(serverJar);
        FileTime stamp = modified(serverJar.resolveSibling("vtuber.built"));
        FileTime built = stamp.compareTo(jar) > 0 ? stamp : jar;
        Path bench = options.root().resolve("bench");
        try (Stream<Path> files = Files.walk(options.root(), 2)) {
            List<Path> roots = files
                    .filter(p -> p.getFileName().toString().equals("pom.xml") || p.endsWith("src"))
                    .filter(p -> !p.startsWith(bench))
                    .map(p -> p.endsWith("src") ? p.resolve("main") : p)
                    .filter(Files::exists)
                    .toList();
            for (Path root : roots) {
                try (Stream<Path> sources = Files.walk(root)) {
                    Optional<Path> newer = sources.filter(Files::isRegularFile)
                            .filter(p -> modified(p).compareTo(built) > 0)
                            .findFirst();
                    if (newer.isPresent()) {
                        return Optional.of(newer.get() + " is newer than the last build, so ./vtuber would rebuild "
                                + "first: build first (mvn -B -q package -DskipTests, or run ./vtuber help once)");
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mirrors the launcher: a cache is used when it exists and is newer than server.jar. */
    CacheState cacheState() {
        try {
            return Files.size(aotCache) > 0 && modified(aotCache).compareTo(modified(serverJar)) > 0
                    ? CacheState.CACHED : CacheState.RECORDING;
        } catch (IOException e) {
            return CacheState.RECORDING;
        }
    }

    /** A first start, in a fresh scratch folder. */
    private Run startOnce(int index) throws StartFailure {
        try (TempDir dir = TempDir.create("vtuber-startup-")) {
            return startIn(index, dir);
        }
    }

    /** A start with its database, data, models and log in {@code dir}. */
    private Run startIn(int index, TempDir dir) throws StartFailure {
        CacheState cache = cacheState();
        try {
            int port = ProcessFacts.freePort();
            ProcessBuilder pb = new ProcessBuilder("./vtuber", "serve")
                    .directory(options.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("launcher.out").toFile());
            Map<String, String> env = pb.environment();
            // Only what this run sets: a stray API_TOKEN or port in the caller's shell must not leak in.
            for (ConfigKey key : ConfigKey.values()) {
                env.remove(key.name());
            }
            env.put("API_PORT", Integer.toString(port));
            env.put("DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"));
            env.put("DATA_DIR", dir.resolve("data").toString());
            env.put("MODELS_DIR", dir.resolve("models").toString());
            env.put("AUTO_PULL", "false"); // start-up alone, no model downloads
            env.put("LOG_FILE", dir.resolve("logs/vtuber.log").toString());

            long spawned = System.nanoTime();
            Process process = pb.start();
            try {
                long ready = awaitHealthy(process, port, spawned, dir);
                LockSupport.parkNanos(options.idle().toNanos());
                // ./vtuber ends in exec, so the launcher's pid is the JVM's.
                long rssKb;
                try {
                    rssKb = ProcessFacts.rssKb(process.pid());
                } catch (IOException e) {
                    throw new StartFailure("cannot read the memory of run " + index + ": " + e.getMessage());
                }
                String java = ProcessFacts.executable(process.pid());
                long stopping = System.nanoTime();
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new StartFailure("run " + index + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s after SIGTERM");
                }
                return new Run(index, cache, ready - spawned, rssKb, System.nanoTime() - stopping, java);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure("interrupted");
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new StartFailure("cannot start ./vtuber: " + e.getMessage());
        }
    }

    /** Polls on a fixed 5 ms grid from spawn (not sleep-after-poll, which would drift) until a 200. */
    private static long awaitHealthy(Process process, int port, long spawned, TempDir dir) throws StartFailure {
        long deadline = spawned + START_TIMEOUT.toNanos();
        for (long tick = 1; ; tick++) {
            if (healthOk(port)) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                throw new StartFailure("./vtuber serve exited with " + process.exitValue() + " before answering:\n" + tail(dir));
            }
            long next = spawned + tick * POLL_EVERY.toNanos();
            long now = System.nanoTime();
            if (now > deadline) {
                throw new StartFailure("no 200 on /api/health within " + START_TIMEOUT.toSeconds() + " s:\n" + tail(dir));
            }
            if (next > now) {
                LockSupport.parkNanos(next - now);
            } else {
                tick = (now - spawned) / POLL_EVERY.toNanos();
            }
        }
    }

    /** A bare HTTP/1.1 request: cheaper than an HTTP client, so the poller steals little CPU from the start. */
    private static boolean healthOk(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(HEALTH_REQUEST);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String status = new String(head, StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(TempDir dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("launcher.out"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no launcher output)";
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the launcher then keeps using it; the run labels say so
        }
    }

    /** A run that could not be measured. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }
}
