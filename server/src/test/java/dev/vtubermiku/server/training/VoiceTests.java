package dev.vtubermiku.server.training;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.speech.audio.WavCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Helpers of the voice training tests: multipart uploads, the fake trainer, clips in the store, waiting. */
final class VoiceTests {

    static final ObjectMapper JSON = Json.newMapper();

    private VoiceTests() {}

    /** One multipart file part. */
    record Part(String field, String fileName, byte[] bytes) {}

    static HttpResponse<String> upload(TestBackend backend, List<Part> parts, Map<String, String> fields) {
        return multipart(backend, "/api/voice/upload", parts, fields);
    }

    static HttpResponse<String> multipart(TestBackend backend, String path, List<Part> parts, Map<String, String> fields) {
        return backend.send(multipartRequest(backend, path, parts, fields));
    }

    /** A multipart POST, built once (a test that measures memory sends it without building it again). */
    static HttpRequest multipartRequest(TestBackend backend, String path, List<Part> parts, Map<String, String> fields) {
        String boundary = "----vtubermiku" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((k, v) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n"
                + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        for (Part p : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.field() + "\"; filename=\""
                    + p.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(p.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return backend.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 20 ms until it holds; fails after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant until = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for a processing job to end and returns it. */
    static JsonNode awaitJob(TestBackend backend, String jobId) {
        JsonNode[] job = new JsonNode[1];
        await(Duration.ofSeconds(60), "processing job " + jobId, () -> {
            job[0] = json(backend.get("/api/voice/process/" + jobId));
            return !job[0].path("state").asText().matches("queued|running");
        });
        return job[0];
    }

    /** The stored events of a type (pattern), oldest first. */
    static List<JsonNode> events(TestBackend backend, String type) {
        List<JsonNode> out = new ArrayList<>();
        json(backend.get("/api/events?since=0&limit=1000&type=" + type)).path("events").forEach(out::add);
        return out;
    }

    static String python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /**
     * The fake trainer as PIPER_TRAIN_PYTHON: a wrapper that puts the test-only {@code piper} package on
     * PYTHONPATH for the real python3 and reads its behaviour from {@code dir/fake.env} at each call,
     * so a test can change it between runs.
     */
    static Path fakeTrainer(Path dir, String env) throws IOException {
        String python = python3();
        assumeTrue(python != null, "python3 is not on PATH: the fake trainer needs it");
        Path voice = Fixtures.file("piper/test_voice.onnx");
        Path config = Fixtures.file("piper/test_voice.onnx.json");
        Path fake;
        try {
            fake = Path.of(VoiceTests.class.getResource("/fake-piper/piper/__init__.py").toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(dir.resolve("fake.env"), env);
        Path wrapper = dir.resolve("fake-python");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "set -a\n. '" + dir.resolve("fake.env") + "'\nset +a\n"
                + "export PYTHONPATH='" + fake + "' FAKE_VOICE='" + voice + "' FAKE_CONFIG='" + config + "' FAKE_LOG='"
                + dir.resolve("invocations.log") + "'\n"
                + "exec '" + python + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    /**
     * The environment of a backend that trains with the fake trainer (behaviour {@code fake}, see
     * {@link #fakeTrainer}) from the base checkpoint {@code base-epoch=9-step=90.ckpt}, on 5 s of clips.
     */
    static Map<String, String> trainingEnv(Path dir, String fake) throws IOException {
        Path python = fakeTrainer(dir, fake);
        Path checkpoints = dir.resolve("models/checkpoints");
        Files.createDirectories(checkpoints);
        // A base checkpoint as piper-checkpoints names them; the fake trainer continues from its epoch.
        Files.writeString(checkpoints.resolve("base-epoch=9-step=90.ckpt"), "{\"epoch\": 9, \"step\": 90}");
        Map<String, String> env = new HashMap<>();
        env.put("PIPER_TRAIN_PYTHON", python.toString());
        env.put("VOICE_MIN_TRAIN_SECONDS", "5");
        return env;
    }

    /** Clips straight into the store (and their audio into DATA_DIR/voice/clips): 1.5 s tones with transcripts. */
    static List<Long> clips(TestBackend backend, int n, String speaker) throws IOException {
        Path dir = backend.dir().resolve("data/voice/clips");
        Files.createDirectories(dir);
        TrainingDataDao dao = backend.app().database().writeDao(TrainingDataDao.class);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] samples = new float[(int) (1.5 * 22050)];
            for (int s = 0; s < samples.length; s++) {
                samples[s] = (float) (0.3 * Math.sin(2 * Math.PI * (200 + 20 * i) * s / 22050));
            }
            String name = "test_" + speaker + "_" + i + ".wav";
            Files.write(dir.resolve(name), WavCodec.encode(new MonoAudio(samples, 22050)));
            ids.add(dao.insertClip(new VoiceClipRow(0, name, "Sentence number " + i + " for the voice.", 1.5, speaker, null,
                    "good", Instant.now(), null, null, null, 22050, 40.0, 0.0, 1.0, true, false)));
        }
        return ids;
    }
}
