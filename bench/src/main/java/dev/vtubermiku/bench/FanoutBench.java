package dev.vtubermiku.bench;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.server.App;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.ConfigLoader;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.logging.SecretMasker;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Event fan-out figure: the real backend in this JVM, N WebSocket clients on loopback, events
 * published at a steady rate through {@link EventBus#publish}. Every event must reach every client,
 * and the publish-to-receive p99 must stay under 50 ms. Exit 0 when it does, 1 when not, 2 on a
 * setup problem.
 *
 * <pre>java -cp bench/target/bench.jar dev.vtubermiku.bench.FanoutBench [--clients 200] [--rate 1000] [--seconds 10] [--warmup-seconds 2]</pre>
 */
public final class FanoutBench {

    static final double TARGET_P99_MS = 50;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** Command-line choices. */
    record Options(int clients, int rate, Duration duration, Duration warmup, int httpClients, boolean pooledExecutor) {

        int ticks() {
            return (int) (rate * duration.toNanos() / 1_000_000_000L);
        }

        int warmupTicks() {
            return (int) (rate * warmup.toNanos() / 1_000_000_000L);
        }

        static Options parse(String[] args) {
            int clients = 200;
            int rate = 1000;
            Duration duration = Duration.ofSeconds(10);
            // Long enough on 2 cores for C2 to compile the hot paths; the figure is about the steady state.
            Duration warmup = Duration.ofSeconds(5);
            int httpClients = 1;
            boolean pooledExecutor = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(value(args, ++i));
                    case "--rate" -> rate = Integer.parseInt(value(args, ++i));
                    case "--seconds" -> duration = seconds(value(args, ++i));
                    case "--warmup-seconds" -> warmup = seconds(value(args, ++i));
                    case "--http-clients" -> httpClients = Integer.parseInt(value(args, ++i));
                    case "--client-executor" -> pooledExecutor = switch (value(args, ++i)) {
                        case "direct" -> false;
                        case "pool" -> true;
                        default -> throw new IllegalArgumentException("--client-executor is direct or pool");
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (clients < 1 || rate < 1 || duration.isNegative() || duration.isZero() || warmup.isNegative() || httpClients < 1) {
                throw new IllegalArgumentException("--clients, --rate, --seconds and --http-clients must be positive");
            }
            return new Options(clients, rate, duration, warmup, httpClients, pooledExecutor);
        }

        private static Duration seconds(String v) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** What the publishing side measured for one phase. */
    record Publishing(long events, long elapsedNanos, long failures, Histogram publishMicros, Histogram latenessMicros) {}

    private final Options options;

    FanoutBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: FanoutBench [--clients N] [--rate EVENTS_PER_S] [--seconds S] [--warmup-seconds S] [--http-clients N] "
                    + "[--client-executor direct|pool]");
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new FanoutBench(options).run();
        } catch (SetupFailure e) {
            System.err.println("setup failed: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    int run() throws SetupFailure {
        try (TempDir dir = TempDir.create("vtuber-fanout-")) {
            Map<String, String> env = Map.of(
                    "API_HOST", "127.0.0.1",
                    "DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"),
                    "DATA_DIR", dir.resolve("data").toString(),
                    "MODELS_DIR", dir.resolve("models").toString(),
                    "AUTO_PULL", "false",
                    "LOG_FILE", dir.resolve("logs/vtuber.log").toString(),
                    "LOG_LEVEL", "WARN");
            DotEnvFile dotEnv = new DotEnvFile(dir.resolve(".env"));
            // API_PORT=0 (any free port) is for embedding only: the loader accepts 1-65535, so set it after.
            Settings settings = ConfigLoader.load(env, dotEnv).with(Map.of(ConfigKey.API_PORT, "0"), Settings.Source.ENVIRONMENT);
            Logs logs = Logs.install(settings.logFile(), "WARN", false, new SecretMasker(), 1000);
            App app = App.start(new RuntimeConfig(settings, env, dotEnv), logs);
            try {
                return measure(app);
            } finally {
                app.close();
                logs.stop();
            }
        }
    }

    private int measure(App app) throws SetupFailure {
        System.out.printf(Locale.ROOT, "FanoutBench: %d WebSocket clients, %d events/s for %.1f s (+%.1f s warm-up), loopback, "
                + "backend in-process; %d HttpClient(s), %s listener executor%n",
                options.clients(), options.rate(), options.duration().toMillis() / 1000.0, options.warmup().toMillis() / 1000.0,
                options.httpClients(), options.pooledExecutor() ? "pooled" : "direct");
        System.out.println("machine: " + Machine.current().describe());
        System.out.println("JVM flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("load average at start: " + Machine.loadAverage());

        List<HttpClient> httpClients = new ArrayList<>();
        for (int i = 0; i < options.httpClients(); i++) {
            // The listeners never block, so by default they run on the client's selector thread: that
            // spares the harness a thread hand-off per message, CPU the server then has for itself.
            httpClients.add(options.pooledExecutor() ? HttpClient.newHttpClient()
                    : HttpClient.newBuilder().executor(Runnable::run).build());
        }
        List<FanoutClient> clients = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        FanoutClient.Phase warmup = phase("bench.warmup", options.warmupTicks(), options.warmup());
        FanoutClient.Phase measured = phase("bench.tick", options.ticks(), options.duration());
        try {
            long connecting = System.nanoTime();
            connect(app.port(), httpClients, clients, sockets, warmup, measured);
            System.out.printf(Locale.ROOT, "connected and subscribed %d clients in %.0f ms%n", clients.size(),
                    (System.nanoTime() - connecting) / 1e6);

            EventBus bus = app.bus();
            if (warmup.events() > 0) {
                publish(bus, warmup);
                boolean drained = drain(clients, warmup);
                System.out.printf(Locale.ROOT, "warm-up: %d events, %s%n", warmup.events(), drained ? "all delivered" : "NOT all delivered");
            }

            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            Publishing publishing = publish(bus, measured);
            long drainStart = System.nanoTime();
            boolean drained = drain(clients, measured);
            long drainNanos = System.nanoTime() - drainStart;
            double cpuCores = (processCpuNanos() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
            String loadAtEnd = Machine.loadAverage();
            return report(clients, publishing, drained, drainNanos, cpuCores, bus.stats(), loadAtEnd, measured);
        } finally {
            for (WebSocket ws : sockets) {
                ws.abort();
            }
            for (HttpClient c : httpClients) {
                c.shutdownNow();
            }
        }
    }

    private FanoutClient.Phase phase(String type, int events, Duration duration) {
        List<ConcurrentHistogram> perSecond = new ArrayList<>();
        for (long s = 0; s < Math.max(1, duration.toSeconds()); s++) {
            perSecond.add(new ConcurrentHistogram(600_000_000L, 3));
        }
        return new FanoutClient.Phase(type, events, options.rate(), perSecond, new AtomicReference<>());
    }

    private void connect(int port, List<HttpClient> httpClients, List<FanoutClient> clients, List<WebSocket> sockets,
            FanoutClient.Phase warmup, FanoutClient.Phase measured) throws SetupFailure {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            FanoutClient client = new FanoutClient(warmup, measured);
            clients.add(client);
            opening.add(httpClients.get(i % httpClients.size()).newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, client));
        }
        try {
            for (CompletableFuture<WebSocket> f : opening) {
                WebSocket ws = f.get(30, TimeUnit.SECONDS);
                sockets.add(ws);
                ws.sendText(FanoutClient.SUBSCRIBE, true);
            }
            for (FanoutClient c : clients) {
                c.subscribed().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new SetupFailure("clients could not connect and subscribe: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupFailure("interrupted");
        }
    }

    /**
     * Publishes the phase's events at the configured rate. A fixed-rate schedule keeps each event
     * on its own slot of the timeline (start + i × period), so a slow publish is caught up instead of
     * shifting everything after it, as a sleep loop would.
     */
    private Publishing publish(EventBus bus, FanoutClient.Phase phase) throws SetupFailure {
        String type = phase.type();
        int count = phase.events();
        Histogram publishMicros = new Histogram(600_000_000L, 3);
        Histogram latenessMicros = new Histogram(600_000_000L, 3);
        AtomicLong failures = new AtomicLong();
        long period = 1_000_000_000L / options.rate();
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bench-publisher").daemon().factory());
        long[] next = {0};
        long begin = System.nanoTime() + period;
        phase.timeline().set(new FanoutClient.Timeline(begin, period));
        ScheduledFuture<?> ticking = scheduler.scheduleAtFixedRate(() -> {
            long seq = next[0];
            if (seq >= count) {
                return;
            }
            next[0] = seq + 1;
            long sent = System.nanoTime();
            latenessMicros.recordValue(Math.max(0, (sent - (begin + seq * period)) / 1000));
            try {
                bus.publish(type, Severity.INFO, "tick", Map.of("seq", seq, "sent_ns", sent));
            } catch (RuntimeException e) {
                failures.incrementAndGet();
            }
            publishMicros.recordValue((System.nanoTime() - sent) / 1000);
            if (seq == count - 1) {
                done.countDown();
            }
        }, period, period, TimeUnit.NANOSECONDS);
        try {
            if (!done.await(count / options.rate() * 10L + 60, TimeUnit.SECONDS)) {
                throw new SetupFailure("publishing did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupFailure("interrupted");
        } finally {
            ticking.cancel(false);
            scheduler.shutdownNow();
        }
        // The latch orders the publisher's histogram writes before these reads.
        return new Publishing(count, System.nanoTime() - begin, failures.get(), publishMicros, latenessMicros);
    }

    /** Waits until every client has received all events of the phase, or the drain timeout passes. */
    private static boolean drain(List<FanoutClient> clients, FanoutClient.Phase phase) {
        long expected = phase.events();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (FanoutClient c : clients) {
                if (c.received(phase) < expected && c.closedBecause() == null) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return clients.stream().allMatch(c -> c.received(phase) >= expected);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return false;
    }

    private int report(List<FanoutClient> clients, Publishing pub, boolean drained, long drainNanos, double cpuCores,
            EventBus.Stats stats, String loadAtEnd, FanoutClient.Phase measured) {
        Histogram latency = new Histogram(600_000_000L, 3);
        Histogram fromDue = new Histogram(600_000_000L, 3);
        long received = 0;
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long fragmented = 0;
        long gaps = 0;
        long errors = 0;
        int closed = 0;
        for (FanoutClient c : clients) {
            FanoutClient.Result r = c.result();
            latency.add(r.latencyMicros());
            fromDue.add(r.fromDueMicros());
            received += r.received();
            missing += r.missing();
            duplicates += r.duplicates();
            outOfOrder += r.outOfOrder();
            fragmented += r.fragmented();
            gaps += r.serverGaps();
            errors += r.serverErrors();
            if (c.closedBecause() != null) {
                closed++;
            }
        }
        long expected = pub.events() * clients.size();
        double p99Ms = latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;

        System.out.printf(Locale.ROOT, "published %,d events in %.2f s (%.1f/s), %d publish failures%n", pub.events(),
                pub.elapsedNanos() / 1e9, pub.events() / (pub.elapsedNanos() / 1e9), pub.failures());
        System.out.printf(Locale.ROOT, "delivered %,d / %,d  (missing %d, duplicates %d, out of order %d, clients closed %d, "
                + "server gap replies %d, errors %d, fragmented frames %d); drained %.0f ms after the last publish%n",
                received, expected, missing, duplicates, outOfOrder, closed, gaps, errors, fragmented, drainNanos / 1e6);
        System.out.printf(Locale.ROOT, "bus: %d subscribers, %d mailbox misses since start%n", stats.subscribers(), stats.missed());
        System.out.printf(Locale.ROOT, "%-32s %9s %9s %9s %9s %9s%n", "", "p50", "p90", "p99", "p99.9", "max");
        printRow("publish -> receive (ms)", latency);
        printRow("due slot -> receive (ms)", fromDue);
        printRow("publish() call (ms)", pub.publishMicros());
        printRow("publisher lateness (ms)", pub.latenessMicros());
        StringBuilder seconds = new StringBuilder();
        for (ConcurrentHistogram h : measured.perSecondMicros()) {
            seconds.append(String.format(Locale.ROOT, " %.1f", h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0));
        }
        System.out.println("p99 by second of publishing (ms):" + seconds);
        System.out.printf(Locale.ROOT, "CPU used by this JVM (server + clients): %.2f cores on average%n", cpuCores);
        System.out.println("load average at end:   " + loadAtEnd);

        boolean complete = drained && missing == 0 && duplicates == 0 && received == expected && pub.failures() == 0;
        boolean fast = p99Ms < TARGET_P99_MS;
        System.out.printf(Locale.ROOT, "target every event to every client: %s%n", complete ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "target p99 < %.0f ms: %.2f ms  %s%n", TARGET_P99_MS, p99Ms, fast ? "PASS" : "FAIL");
        return complete && fast ? 0 : 1;
    }

    private static void printRow(String label, Histogram h) {
        if (h.getTotalCount() == 0) {
            System.out.printf(Locale.ROOT, "%-32s (no samples)%n", label);
            return;
        }
        System.out.printf(Locale.ROOT, "%-32s %9.2f %9.2f %9.2f %9.2f %9.2f%n", label,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** The benchmark could not be set up, so there is nothing to judge. */
    static final class SetupFailure extends Exception {
        SetupFailure(String message) {
            super(message);
        }
    }
}
