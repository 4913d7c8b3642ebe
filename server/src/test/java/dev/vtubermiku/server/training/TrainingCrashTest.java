package dev.vtubermiku.server.training;

import static dev.vtubermiku.server.training.VoiceTests.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend killed with SIGKILL during training (a crash: no shutdown hook ends the trainer, which
 * runs in a process group of its own). The trainer's whole group must die with it, the quiet worker
 * the fake trainer starts ({@code FAKE_SPAWN_CHILD}, as data loaders do) included, without waiting
 * for a next start; the next start marks the run interrupted with its checkpoints kept, and the run
 * resumes to the end with one trainer at a time. The backend runs in a child JVM. (What a next start
 * does about a group that survived anyway is {@link TrainerOrphansTest}.)
 */
class TrainingCrashTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Process child;
    private TestBackend backend;
    private long worker;

    @AfterEach
    void stop() {
        if (child != null) {
            child.toHandle().destroyForcibly();
        }
        if (backend != null) {
            backend.close();
        }
        ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly); // when an assertion failed before the restart
    }

    @Test
    void aSigkilledBackendLeavesNoTrainerBehindAndTheRunResumesToTheEnd() throws Exception {
        Fixtures.dir();
        Map<String, String> env = VoiceTests.trainingEnv(dir, "FAKE_EPOCH_SECONDS=1\nFAKE_SPAWN_CHILD=1\n");
        // The character and the clips, written by a backend that then stops cleanly.
        backend = TestBackend.start(dir, env);
        long character = backend.character("Nova", "a DJ", "smug");
        VoiceTests.clips(backend, 6, "nova");
        backend.close();
        backend = null;

        int port = freePort();
        child = startChild(env, port);
        HttpResponse<String> started = post(port, "/api/voice/train", """
                {"character_id": %d, "name": "nova", "base_checkpoint": "base-epoch=9-step=90.ckpt", "epochs": 30,
                 "batch_size": 2, "quality": "medium", "espeak_voice": "en-us"}""".formatted(character));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long id = VoiceTests.JSON.readTree(started.body()).path("id").asLong();
        Path runDir = dir.resolve("data/voice/runs/" + id);
        await(Duration.ofSeconds(60), "a first checkpoint", () -> Files.isRegularFile(
                runDir.resolve("lightning_logs/version_0/checkpoints/epoch=10-step=93.ckpt")) && Files.isRegularFile(runDir.resolve("child.pid")));
        // The backend records a checkpoint row when it sees the file; let it.
        await(Duration.ofSeconds(30), "a checkpoint row", () -> {
            try {
                return VoiceTests.JSON.readTree(get(port, "/api/voice/checkpoints?run_id=" + id).body()).path("checkpoints").size() >= 1;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        long trainer = pid(runDir.resolve("trainer.pid"));
        worker = pid(runDir.resolve("child.pid"));

        child.toHandle().destroyForcibly(); // SIGKILL to the Java process only, as a crash
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        child = null;
        // The trainer's group is not the backend's, so no signal reached it; its leash ends it, worker included.
        await(Duration.ofSeconds(10), "the trainer's group to die with the backend",
                () -> TrainerOrphans.members(trainer).isEmpty() && !alive(trainer) && !alive(worker));

        backend = TestBackend.start(dir, env);
        Path orphanMetrics = runDir.resolve("lightning_logs/version_0/metrics.csv");
        long orphanBytes = Files.size(orphanMetrics);

        JsonNode interrupted = VoiceTests.json(backend.get("/api/voice/train/" + id));
        assertThat(interrupted.path("status").asText()).isEqualTo("interrupted");
        int before = interrupted.path("epochs_trained").asInt();
        assertThat(before).isGreaterThanOrEqualTo(1);
        assertThat(VoiceTests.json(backend.get("/api/voice/checkpoints?run_id=" + id)).path("checkpoints").size()).isGreaterThanOrEqualTo(1);

        Files.writeString(dir.resolve("fake.env"), "FAKE_EPOCH_SECONDS=0.1\n");
        HttpResponse<String> resumed = backend.post("/api/voice/train/" + id + "/resume", "");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
        await(Duration.ofSeconds(90), "the resumed run to be ready",
                () -> VoiceTests.json(backend.get("/api/voice/train/" + id)).path("status").asText().equals("ready"));
        assertThat(VoiceTests.json(backend.get("/api/voice/train/" + id)).path("epochs_trained").asInt()).isEqualTo(30);
        // Nothing but the resumed trainer wrote after the restart: the first attempt's log stayed as it was.
        assertThat(Files.size(orphanMetrics)).isEqualTo(orphanBytes);
        assertThat(runDir.resolve("lightning_logs/version_1/metrics.csv")).exists();
    }

    private Process startChild(Map<String, String> env, int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", System.getProperty("java.class.path"),
                "dev.vtubermiku.server.cli.Main", "serve")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile());
        pb.environment().putAll(TestBackend.environment(dir));
        pb.environment().putAll(env);
        pb.environment().put("API_PORT", Integer.toString(port));
        Process p = pb.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            assertThat(p.isAlive()).as("the child backend runs; see %s", dir.resolve("child.out")).isTrue();
            try {
                if (get(port, "/api/health").statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child backend did not answer /api/health within 120 s");
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
