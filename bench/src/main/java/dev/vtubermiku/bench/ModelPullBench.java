package dev.vtubermiku.bench;

import com.sun.net.httpserver.HttpServer;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.models.Checksum;
import dev.vtubermiku.server.models.DownloadPolicy;
import dev.vtubermiku.server.models.ModelCatalog;
import dev.vtubermiku.server.models.ModelEntry;
import dev.vtubermiku.server.models.CatalogFile;
import dev.vtubermiku.server.models.ModelKind;
import dev.vtubermiku.server.models.ModelLibrary;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Model pull throughput on loopback: what the model manager's verified, resumable pull costs over a
 * plain download of the same bytes to a file. A JDK HTTP server in this JVM serves a random file;
 * each run pulls it into an empty folder (SHA-256 and MD5 entries), and a plain {@code HttpClient}
 * download to a file is the baseline. Reports MiB/s per run and the median.
 *
 * <pre>java -cp bench/target/bench.jar dev.vtubermiku.bench.ModelPullBench [--mib 256] [--runs 5]</pre>
 */
public final class ModelPullBench {

    public static void main(String[] args) throws Exception {
        BenchArgs options;
        try {
            options = BenchArgs.parse(args, "mib", "runs");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int mib = options.integer("mib", 256);
        int runs = options.integer("runs", 5);
        SummaryLine summary = new SummaryLine("model-pull");
        Logs.quiet(); // one INFO line per pull would drown the figures
        byte[] body = new byte[mib * 1024 * 1024];
        new Random(42).nextBytes(body);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, body.length);
                for (int off = 0; off < body.length; off += 1 << 20) {
                    out.write(body, off, Math.min(1 << 20, body.length - off));
                }
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/model.bin");
        ExecutorService pulls = Executors.newVirtualThreadPerTaskExecutor();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        DownloadPolicy policy = DownloadPolicy.defaults("bench");
        HttpClient http = ModelLibrary.httpClient(policy);
        System.out.println("Machine: " + Machine.current().describe() + "; load average " + Machine.loadAverage());
        System.out.printf(Locale.ROOT, "File: %d MiB over loopback, %d runs each%n", mib, runs);
        try (TempDir tmp = TempDir.create("vtuber-pull-bench")) {
            List<Double> plain = new ArrayList<>();
            List<Double> pullSha = new ArrayList<>();
            List<Double> pullMd5 = new ArrayList<>();
            for (int run = 0; run < runs + 1; run++) { // the first round warms up and is not counted
                boolean counted = run > 0;
                Path target = tmp.path().resolve("plain-" + run + ".bin");
                long t0 = System.nanoTime();
                HttpResponse<Path> r = http.send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofFile(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
                long t1 = System.nanoTime();
                if (r.statusCode() != 200 || Files.size(target) != body.length) {
                    throw new IllegalStateException("plain download failed");
                }
                Files.delete(target);
                double plainRate = mib / ((t1 - t0) / 1e9);
                double shaRate = mib / pull(tmp.path().resolve("sha-" + run), url, body.length,
                        new Checksum(Checksum.Algorithm.SHA256, sha256), http, policy, pulls, timers);
                double md5Rate = mib / pull(tmp.path().resolve("md5-" + run), url, body.length,
                        new Checksum(Checksum.Algorithm.MD5, md5), http, policy, pulls, timers);
                if (counted) {
                    plain.add(plainRate);
                    pullSha.add(shaRate);
                    pullMd5.add(md5Rate);
                    System.out.printf(Locale.ROOT, "run %d: plain %.0f MiB/s, pull+sha256 %.0f MiB/s, pull+md5 %.0f MiB/s%n",
                            run, plainRate, shaRate, md5Rate);
                }
            }
            System.out.printf(Locale.ROOT, "median: plain %.0f MiB/s, pull+sha256 %.0f MiB/s, pull+md5 %.0f MiB/s%n",
                    median(plain), median(pullSha), median(pullMd5));
            summary.put("plain_mib_s", median(plain)).put("sha256_mib_s", median(pullSha)).put("md5_mib_s", median(pullMd5));
        } finally {
            server.stop(0);
            pulls.shutdownNow();
            timers.shutdownNow();
        }
        System.exit(summary.print()); // a reported figure: no target to miss
    }

    /** Seconds to pull the file into an empty models folder, verified. */
    private static double pull(Path models, URI url, long size, Checksum checksum, HttpClient http, DownloadPolicy policy,
            ExecutorService pulls, ScheduledExecutorService timers) throws Exception {
        ModelEntry entry = new ModelEntry("bench", ModelKind.WHISPER, "bench", false, "bench",
                List.of(new CatalogFile("ggml-bench.bin", url, size, checksum)));
        ModelLibrary library = new ModelLibrary(new ModelCatalog(List.of(entry)), () -> models, Optional::empty, () -> http,
                policy, pulls, timers, Json.newMapper());
        long t0 = System.nanoTime();
        library.pull(entry).job().result().get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (var files = Files.walk(models)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
