package dev.vtubermiku.server.training;

import static dev.vtubermiku.server.training.VoiceTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.FlacBomb;
import dev.vtubermiku.server.TestBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload that took the JVM from 440 MB to 5 GB: a FLAC of 24 hours of stereo silence without a
 * declared length. With the default limits it is refused in well under 2 s, and the heap barely moves.
 */
class DecompressionBombTest {

    @TempDir
    static Path dir;

    static TestBackend backend;
    static byte[] bomb;
    static java.net.http.HttpRequest request;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(dir, Map.of()); // VOICE_UPLOAD_MAX_SECONDS and STT_MAX_SECONDS at their defaults
        bomb = FlacBomb.silence(24 * 3600);
        request = VoiceTests.multipartRequest(backend, "/api/voice/upload", List.of(new VoiceTests.Part("file", "bomb.flac", bomb)), Map.of());
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void aFlacBombIsRefusedAtOnceWithoutFillingTheHeap() throws Exception {
        upload(); // warm: classes loaded, routes compiled
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();

        java.util.concurrent.atomic.AtomicLong sampled = new java.util.concurrent.atomic.AtomicLong(before);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                sampled.accumulateAndGet(heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum(), Math::max);
                Thread.onSpinWait();
            }
        });
        long start = System.nanoTime();
        HttpResponse<String> response = upload();
        long ms = (System.nanoTime() - start) / 1_000_000;
        done.set(true);
        sampler.join();
        System.gc();
        long after = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        System.out.printf("bomb: refused_ms=%d heap_peak_mb=%d heap_retained_mb=%d%n", ms, (sampled.get() - before) >> 20,
                (after - before) >> 20);

        long uploadMb = bomb.length >> 20;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response).path("files").get(0).path("message").asText()).contains("decompression bomb");
        // "At once" against the alternative, decoding 33 GB (minutes): a 2 s bound failed at 2.5 s on the
        // shared 2-core box at load 25 (every engineer's build at once), so the bound leaves room for load.
        assertThat(ms).as("refused in %d ms", ms).isLessThan(10_000);
        // What stays: nothing of the 33 GB it would decode to.
        assertThat((after - before) >> 20).as("heap retained in MB").isLessThan(100);
        // The most the heap held during the request, garbage included. Receiving the 17 MB upload itself
        // costs about four times its size (Jetty's growing part buffer, then our copy); decoding adds the rest.
        // Garbage the collector has not reached yet counts in this peak, and how much depends on when the
        // young generation is collected (36 to 100 MB in runs of the whole suite): the bound is set to tell
        // a bounded decode from one that decodes the bomb (33 GB), not to measure GC timing.
        assertThat(((sampled.get() - before) >> 20) - 4 * uploadMb).as("heap growth in MB beyond receiving the upload")
                .isLessThan(256);
    }

    @Test
    void threeAtOnceAreRefusedToo() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(DecompressionBombTest::upload));
        }
        for (var call : calls) {
            assertThat(call.join().statusCode()).isEqualTo(422);
        }
    }

    @Test
    void speechToTextRefusesItTooAsAProblem() throws Exception {
        HttpResponse<String> response = VoiceTests.multipart(backend, "/api/stt",
                List.of(new VoiceTests.Part("file", "bomb.flac", bomb)), Map.of());
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    private static HttpResponse<String> upload() {
        return backend.send(request);
    }
}
