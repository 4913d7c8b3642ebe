package dev.vtubermiku.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * FanoutBench's WebSocket clients, all of them: connect and subscribe, wait until a phase has
 * arrived, add up what they saw. {@link #main} runs them in a JVM of their own, which FanoutBench
 * starts, so that the 200 clients' JSON scanning and histograms do not share the server JVM's
 * threads, heap and JIT; it is driven over stdin/stdout ({@code drain warmup}, {@code drain measured})
 * and prints its totals as {@code key=value} lines and the histograms in HdrHistogram's compressed
 * form. Latency is receive minus publish {@code System.nanoTime()}, which on Linux is the system-wide
 * monotonic clock, so it compares across the two processes.
 */
final class FanoutFleet implements AutoCloseable {

    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final List<HttpClient> http = new ArrayList<>();
    private final List<FanoutClient> clients = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();

    /** What the clients saw of the measured phase, added up. */
    record Totals(long received, long missing, long duplicates, long outOfOrder, long fragmented, long gaps, long errors, int closed,
            boolean drained, long drainNanos, Histogram latency, Histogram fromDue, List<Histogram> perSecond) {

        List<String> encode() {
            List<String> lines = new ArrayList<>();
            lines.add("totals received=" + received + " missing=" + missing + " duplicates=" + duplicates + " out_of_order=" + outOfOrder
                    + " fragmented=" + fragmented + " gaps=" + gaps + " errors=" + errors + " closed=" + closed + " drained=" + drained
                    + " drain_ns=" + drainNanos);
            lines.add("latency " + encode(latency));
            lines.add("due " + encode(fromDue));
            for (Histogram h : perSecond) {
                lines.add("second " + encode(h));
            }
            return lines;
        }

        static Totals decode(List<String> lines) {
            Map<String, String> t = new ConcurrentHashMap<>();
            Histogram latency = null;
            Histogram due = null;
            List<Histogram> seconds = new ArrayList<>();
            for (String line : lines) {
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "totals" -> {
                        for (int i = 1; i < parts.length; i++) {
                            String[] kv = parts[i].split("=", 2);
                            t.put(kv[0], kv[1]);
                        }
                    }
                    case "latency" -> latency = decode(parts[1]);
                    case "due" -> due = decode(parts[1]);
                    case "second" -> seconds.add(decode(parts[1]));
                    default -> throw new IllegalArgumentException("unexpected line from the clients' JVM: " + line);
                }
            }
            if (latency == null || due == null || !t.containsKey("received")) {
                throw new IllegalArgumentException("the clients' JVM sent no totals");
            }
            return new Totals(Long.parseLong(t.get("received")), Long.parseLong(t.get("missing")), Long.parseLong(t.get("duplicates")),
                    Long.parseLong(t.get("out_of_order")), Long.parseLong(t.get("fragmented")), Long.parseLong(t.get("gaps")),
                    Long.parseLong(t.get("errors")), Integer.parseInt(t.get("closed")), Boolean.parseBoolean(t.get("drained")),
                    Long.parseLong(t.get("drain_ns")), latency, due, seconds);
        }

        private static String encode(Histogram h) {
            ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int n = h.encodeIntoCompressedByteBuffer(buffer);
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), n));
        }

        private static Histogram decode(String base64) {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalArgumentException("a histogram from the clients' JVM does not decode", e);
            }
        }
    }

    /** Connects {@code count} clients to {@code ws://127.0.0.1:port/ws} and waits until each is subscribed to bench.*. */
    static FanoutFleet connect(int port, int count, int httpClients, boolean pooled, FanoutClient.Phase warmup,
            FanoutClient.Phase measured) throws FanoutBench.SetupFailure {
        FanoutFleet fleet = new FanoutFleet();
        for (int i = 0; i < httpClients; i++) {
            // The listeners never block, so by default they run on the client's selector thread: no hand-off per message.
            fleet.http.add(pooled ? HttpClient.newHttpClient() : HttpClient.newBuilder().executor(Runnable::run).build());
        }
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FanoutClient client = new FanoutClient(warmup, measured);
            fleet.clients.add(client);
            opening.add(fleet.http.get(i % httpClients).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, client));
        }
        try {
            for (CompletableFuture<WebSocket> f : opening) {
                WebSocket ws = f.get(30, TimeUnit.SECONDS);
                fleet.sockets.add(ws);
                ws.sendText(FanoutClient.SUBSCRIBE, true);
            }
            for (FanoutClient c : fleet.clients) {
                c.subscribed().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            fleet.close();
            throw new FanoutBench.SetupFailure("clients could not connect and subscribe: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fleet.close();
            throw new FanoutBench.SetupFailure("interrupted");
        }
        return fleet;
    }

    int size() {
        return clients.size();
    }

    /** Waits until every client has received all events of the phase (or has closed), at most {@link #DRAIN_TIMEOUT}. */
    boolean drain(FanoutClient.Phase phase) {
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

    /** Drains the measured phase and adds up what every client saw of it. */
    Totals measure(FanoutClient.Phase measured) {
        long start = System.nanoTime();
        boolean drained = drain(measured);
        long drainNanos = System.nanoTime() - start;
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
        List<Histogram> perSecond = new ArrayList<>(measured.perSecondMicros());
        return new Totals(received, missing, duplicates, outOfOrder, fragmented, gaps, errors, closed, drained, drainNanos, latency, fromDue,
                perSecond);
    }

    @Override
    public void close() {
        for (WebSocket ws : sockets) {
            ws.abort();
        }
        for (HttpClient c : http) {
            c.shutdownNow();
        }
    }

    static List<ConcurrentHistogram> perSecond(double seconds) {
        List<ConcurrentHistogram> list = new ArrayList<>();
        for (long s = 0; s < Math.max(1, (long) seconds); s++) {
            list.add(new ConcurrentHistogram(600_000_000L, 3));
        }
        return list;
    }

    /**
     * The clients' JVM: {@code --port P --clients N --rate R --warmup-events W --events E --http-clients H --client-executor direct|pool}.
     * Prints {@code ready}, then answers {@code drain warmup} with {@code drained true|false} and {@code drain measured} with
     * the totals and {@code end}; exits when stdin closes.
     */
    public static void main(String[] args) throws Exception {
        BenchArgs o = BenchArgs.parse(args, "port", "clients", "rate", "warmup-events", "events", "http-clients", "client-executor");
        int rate = o.integer("rate", 1000);
        int events = o.integer("events", 10_000);
        FanoutClient.Phase warmup = new FanoutClient.Phase("bench.warmup", o.integer("warmup-events", 0), rate,
                perSecond((double) o.integer("warmup-events", 0) / rate));
        FanoutClient.Phase measured = new FanoutClient.Phase("bench.tick", events, rate, perSecond((double) events / rate));
        try (FanoutFleet fleet = connect(o.integer("port", 0), o.integer("clients", 200), o.integer("http-clients", 1),
                o.text("client-executor", "direct").equals("pool"), warmup, measured);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            System.out.flush();
            long cpuStart = FanoutBench.processCpuNanos();
            long wallStart = System.nanoTime();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                switch (line) {
                    case "drain warmup" -> {
                        System.out.println("drained " + fleet.drain(warmup));
                        cpuStart = FanoutBench.processCpuNanos();
                        wallStart = System.nanoTime();
                    }
                    case "drain measured" -> {
                        Totals totals = fleet.measure(measured);
                        double cores = (FanoutBench.processCpuNanos() - cpuStart) / (double) (System.nanoTime() - wallStart);
                        totals.encode().forEach(System.out::println);
                        System.out.println("cpu " + cores);
                        System.out.println("end");
                    }
                    default -> System.out.println("unknown command " + line);
                }
                System.out.flush();
            }
        } catch (FanoutBench.SetupFailure e) {
            System.out.println("failed " + e.getMessage());
        }
    }
}
