package dev.vtubermiku.bench;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.server.App;
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
    record Options(int clients, int rate, Duration duration, Duration warmup, int httpClients, boolean pooledExecutor,
            boolean clientsInProcess) {

        int ticks() {
            return (int) (rate * duration.toNanos() / 1_000_000_000L);
        }

        int warmupTicks() {
            return (int) (rate * warmup.toNanos() / 1_000_000_000L);
        }

        static Options parse(String[] args) {
            BenchArgs a = BenchArgs.parse(args, "clients", "rate", "seconds", "warmup-seconds", "http-clients", "client-executor",
                    "clients-jvm");
            // Warm-up long enough on 2 cores for C2 to compile the hot paths; the figure is about the steady state.
            Options o = new Options(a.integer("clients", 200), a.integer("rate", 1000), seconds(a.decimal("seconds", 10)),
                    seconds(a.decimal("warmup-seconds", 5)), a.integer("http-clients", 1),
                    switch (a.text("client-executor", "direct")) {
                        case "direct" -> false;
                        case "pool" -> true;
                        default -> throw new IllegalArgumentException("--client-executor is direct or pool");
                    },
                    switch (a.text("clients-jvm", "separate")) {
                        case "separate" -> false;
                        case "same" -> true;
                        default -> throw new IllegalArgumentException("--clients-jvm is separate or same");
                    });
            if (o.clients < 1 || o.rate < 1 || o.duration.isNegative() || o.duration.isZero() || o.warmup.isNegative() || o.httpClients < 1) {
                throw new IllegalArgumentException("--clients, --rate, --seconds and --http-clients must be positive");
            }
            return o;
        }

        private static Duration seconds(double v) {
            return Duration.ofMillis(Math.round(v * 1000));
        }
    }

    /** What the publishing side measured for one phase. */
    record Publishing(long events, long elapsedNanos, long failures, Histogram publishMicros, Histogram latenessMicros) {}

    private final Options options;

    FanoutBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options = BenchArgs.parseOrExit(args, Options::parse, "FanoutBench [--clients N] [--rate EVENTS_PER_S] [--seconds S] "
                + "[--warmup-seconds S] [--http-clients N] [--client-executor direct|pool] [--clients-jvm separate|same]");
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
        try (TempDir dir = TempDir.create("vtuber-fanout-"); InProcessBackend backend = InProcessBackend.start(dir, Map.of("LOG_LEVEL", "WARN"), 1000)) {
            return measure(backend.app());
        }
    }

    private int measure(App app) throws SetupFailure {
        System.out.printf(Locale.ROOT, "FanoutBench: %d WebSocket clients, %d events/s for %.1f s (+%.1f s warm-up), loopback, "
                + "backend in this JVM, clients %s; %d HttpClient(s), %s listener executor%n",
                options.clients(), options.rate(), options.duration().toMillis() / 1000.0, options.warmup().toMillis() / 1000.0,
                options.clientsInProcess() ? "in this JVM too" : "in a second JVM", options.httpClients(),
                options.pooledExecutor() ? "pooled" : "direct");
        System.out.println("machine: " + Machine.current().describe());
        System.out.println("JVM flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("load average at start: " + Machine.loadAverage());
        FanoutClient.Phase warmup = new FanoutClient.Phase("bench.warmup", options.warmupTicks(), options.rate(),
                FanoutFleet.perSecond(options.warmup().toSeconds()));
        FanoutClient.Phase measured = new FanoutClient.Phase("bench.tick", options.ticks(), options.rate(),
                FanoutFleet.perSecond(options.duration().toSeconds()));
        long connecting = System.nanoTime();
        try (Clients clients = options.clientsInProcess() ? new InProcessClients(FanoutFleet.connect(app.port(), options.clients(),
                options.httpClients(), options.pooledExecutor(), warmup, measured)) : ClientsJvm.start(app.port(), options)) {
            System.out.printf(Locale.ROOT, "connected and subscribed %d clients in %.0f ms%n", options.clients(),
                    (System.nanoTime() - connecting) / 1e6);
            EventBus bus = app.bus();
            if (warmup.events() > 0) {
                publish(bus, warmup);
                System.out.printf(Locale.ROOT, "warm-up: %d events, %s%n", warmup.events(),
                        clients.drainWarmup(warmup) ? "all delivered" : "NOT all delivered");
            }
            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            Publishing publishing = publish(bus, measured);
            FanoutFleet.Totals totals = clients.measure(measured);
            double cpuCores = (processCpuNanos() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
            String loadAtEnd = Machine.loadAverage();
            return report(totals, publishing, cpuCores, clients.cpuCores(), bus.stats(), loadAtEnd);
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
        ScheduledFuture<?> ticking = scheduler.scheduleAtFixedRate(() -> {
            long seq = next[0];
            if (seq >= count) {
                return;
            }
            next[0] = seq + 1;
            long sent = System.nanoTime();
            latenessMicros.recordValue(Math.max(0, (sent - (begin + seq * period)) / 1000));
            try {
                bus.publish(type, Severity.INFO, "tick", Map.of("seq", seq, "sent_ns", sent, "due_ns", begin + seq * period));
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

    private int report(FanoutFleet.Totals t, Publishing pub, double cpuCores, double clientCores, EventBus.Stats stats,
            String loadAtEnd) {
        long expected = pub.events() * options.clients();
        double p99Ms = t.latency().getTotalCount() == 0 ? Double.NaN : t.latency().getValueAtPercentile(99) / 1000.0;

        System.out.printf(Locale.ROOT, "published %,d events in %.2f s (%.1f/s), %d publish failures%n", pub.events(),
                pub.elapsedNanos() / 1e9, pub.events() / (pub.elapsedNanos() / 1e9), pub.failures());
        System.out.printf(Locale.ROOT, "delivered %,d / %,d  (missing %d, duplicates %d, out of order %d, clients closed %d, "
                + "server gap replies %d, errors %d, fragmented frames %d); drained %.0f ms after the last publish%n",
                t.received(), expected, t.missing(), t.duplicates(), t.outOfOrder(), t.closed(), t.gaps(), t.errors(), t.fragmented(),
                t.drainNanos() / 1e6);
        System.out.printf(Locale.ROOT, "bus: %d subscribers, %d mailbox misses since start%n", stats.subscribers(), stats.missed());
        System.out.printf(Locale.ROOT, "%-32s %9s %9s %9s %9s %9s%n", "", "p50", "p90", "p99", "p99.9", "max");
        printRow("publish -> receive (ms)", t.latency());
        printRow("due slot -> receive (ms)", t.fromDue());
        printRow("publish() call (ms)", pub.publishMicros());
        printRow("publisher lateness (ms)", pub.latenessMicros());
        StringBuilder seconds = new StringBuilder();
        for (Histogram h : t.perSecond()) {
            seconds.append(String.format(Locale.ROOT, " %.1f", h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0));
        }
        System.out.println("p99 by second of publishing (ms):" + seconds);
        System.out.printf(Locale.ROOT, "CPU used by the server's JVM: %.2f cores on average%s%n", cpuCores, options.clientsInProcess()
                ? " (clients included)" : String.format(Locale.ROOT, "; by the clients' JVM: %.2f", clientCores));
        System.out.println("load average at end:   " + loadAtEnd);

        boolean complete = t.drained() && t.missing() == 0 && t.duplicates() == 0 && t.received() == expected && pub.failures() == 0;
        boolean fast = p99Ms < TARGET_P99_MS;
        System.out.printf(Locale.ROOT, "target every event to every client: %s%n", complete ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "target p99 < %.0f ms: %.2f ms  %s%n", TARGET_P99_MS, p99Ms, fast ? "PASS" : "FAIL");
        return new SummaryLine("fanout").put("p99_ms", p99Ms).put("p50_ms", t.latency().getTotalCount() == 0 ? Double.NaN
                : t.latency().getValueAtPercentile(50) / 1000.0).put("delivered", t.received()).put("expected", expected)
                .put("server_cpu_cores", cpuCores).target("delivered", complete).target("p99_ms", fast).print();
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

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Where the clients run: this JVM or a second one. */
    interface Clients extends AutoCloseable {
        boolean drainWarmup(FanoutClient.Phase warmup) throws SetupFailure;

        FanoutFleet.Totals measure(FanoutClient.Phase measured) throws SetupFailure;

        /** CPU cores the clients used while the measured phase ran, when they have a JVM of their own; NaN otherwise. */
        double cpuCores();

        @Override
        void close();
    }

    /** The clients in the server's JVM (what this bench did before; {@code --clients-jvm same}). */
    record InProcessClients(FanoutFleet fleet) implements Clients {
        @Override
        public boolean drainWarmup(FanoutClient.Phase warmup) {
            return fleet.drain(warmup);
        }

        @Override
        public FanoutFleet.Totals measure(FanoutClient.Phase measured) {
            return fleet.measure(measured);
        }

        @Override
        public double cpuCores() {
            return Double.NaN;
        }

        @Override
        public void close() {
            fleet.close();
        }
    }

    /** The benchmark could not be set up, so there is nothing to judge. */
    static final class SetupFailure extends Exception {
        SetupFailure(String message) {
            super(message);
        }
    }
}
