package dev.vtubermiku.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.training.TrainerOrphans;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The campaign's kill -9 during training: a backend with the test suite's fake piper1-gpl trainer
 * (it takes the real command line and writes Lightning's files; it also starts a quiet worker, as
 * data loaders do) trains a voice from the fixture recording, and is killed with SIGKILL while the
 * trainer runs, {@code rounds} times in the same run. After each kill it counts what is left of the
 * trainer's process group; after each restart, that nothing is left, that the run is
 * {@code interrupted} with its checkpoint rows, and it resumes the run. At the end the run must be
 * {@code ready} with every epoch trained, and no earlier attempt's metrics file may have grown after
 * its kill (no two trainers on the run folder at once).
 */
final class TrainingKillRounds {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final int EPOCHS = 30;

    /** What the rounds saw. */
    static final class Result {
        int rounds;
        int resumed;
        int orphans;
        int orphansLeft;
        int lost;
        String skipped;
    }

    private TrainingKillRounds() {}

    static Result run(Path root, Path jar, Path scratch, int rounds) throws Exception {
        Result r = new Result();
        Path fixtures = root.resolve("../shared/fixtures").normalize();
        Path fake = root.resolve("server/src/test/resources/fake-piper");
        String python = python3();
        if (!Files.isRegularFile(fixtures.resolve("audio/jfk.wav")) || !Files.isDirectory(fake) || python == null) {
            r.skipped = "needs ../shared/fixtures, server/src/test/resources/fake-piper and python3";
            System.out.println("kill -9 during training: skipped, " + r.skipped);
            return r;
        }
        Files.createDirectories(scratch.resolve("models/checkpoints"));
        Files.writeString(scratch.resolve("models/checkpoints/base-epoch=9-step=90.ckpt"), "{\"epoch\": 9, \"step\": 90}");
        Map<String, String> env = Map.of("PIPER_TRAIN_PYTHON", wrapper(scratch, python, fake, fixtures).toString(),
                "VOICE_MIN_TRAIN_SECONDS", "2");
        fakeEnv(scratch, "FAKE_EPOCH_SECONDS=1\nFAKE_SPAWN_CHILD=1\n");

        BackendProcess backend = new BackendProcess(jar, scratch, env).start();
        long id = startRun(backend, Files.readAllBytes(fixtures.resolve("audio/jfk.wav")));
        Path runDir = scratch.resolve("data/voice/runs/" + id);
        Map<Path, Long> killedLogs = new LinkedHashMap<>();
        int epochsBefore = 0;
        int rowsBefore = 0;
        for (int round = 1; round <= rounds; round++) {
            // Kill once this attempt has trained an epoch and its checkpoint row is stored.
            BackendProcess current = backend;
            int epochs = epochsBefore;
            int rows = rowsBefore;
            epochsBefore = awaitRun(backend, id, n -> n.path("status").asText().equals("training") && n.path("epochs_trained").asInt() > epochs
                    && checkpointRows(current, id) > rows).path("epochs_trained").asInt();
            rowsBefore = checkpointRows(backend, id);
            long group = Long.parseLong(Files.readString(runDir.resolve("trainer.pid")).trim());
            backend.kill();
            Thread.sleep(1500);
            int survivors = TrainerOrphans.members(group).size();
            for (Path metrics : metricsFiles(runDir)) {
                killedLogs.putIfAbsent(metrics, Files.size(metrics));
            }
            if (round == rounds) {
                fakeEnv(scratch, "FAKE_EPOCH_SECONDS=0.1\n"); // the last attempt runs to the end and starts no worker
            }
            backend = new BackendProcess(jar, scratch, env).start();
            int left = TrainerOrphans.members(group).size();
            JsonNode after = json(backend.get("/api/voice/train/" + id));
            int rowsAfter = checkpointRows(backend, id);
            boolean kept = after.path("status").asText().equals("interrupted") && rowsAfter >= rowsBefore;
            HttpResponse<String> resume = backend.post("/api/voice/train/" + id + "/resume", "");
            r.rounds++;
            r.orphans += survivors;
            r.orphansLeft += left;
            r.resumed += resume.statusCode() == 202 ? 1 : 0;
            r.lost += kept ? 0 : 1;
            System.out.printf("kill -9 during training round %d: run %d at epoch %d, %d checkpoint rows; %d process(es) of the trainer's group "
                            + "alive 1.5 s after the kill, %d after the restart; run %s with %d rows; resume -> %d%n", round, id, epochsBefore,
                    rowsBefore, survivors, left, after.path("status").asText(), rowsAfter, resume.statusCode());
        }
        try {
            JsonNode done = awaitRun(backend, id, n -> !n.path("status").asText().matches("queued|preparing|training|exporting"));
            boolean complete = done.path("status").asText().equals("ready") && done.path("epochs_trained").asInt() == EPOCHS;
            int grown = 0;
            for (Map.Entry<Path, Long> e : killedLogs.entrySet()) {
                grown += Files.size(e.getKey()) == e.getValue() ? 0 : 1;
            }
            r.lost += complete ? 0 : 1;
            r.orphansLeft += grown; // a killed attempt's log that grew had a writer beside the resumed trainer
            System.out.printf("training run %d ended %s after %d epochs; %d killed attempt(s) wrote after their kill%n", id,
                    done.path("status").asText(), done.path("epochs_trained").asInt(), grown);
        } finally {
            backend.close();
        }
        return r;
    }

    /** Uploads and processes the recording, gives its clips their transcript, starts a run. */
    private static long startRun(BackendProcess backend, byte[] wav) throws Exception {
        HttpResponse<String> upload = backend.postMultipart("/api/voice/upload", "jfk.wav", wav);
        require(upload, 201);
        String job = json(require(backend.post("/api/voice/process", "{}"), 202)).path("job_id").asText();
        long until = System.nanoTime() + 120_000_000_000L;
        while (json(backend.get("/api/voice/process/" + job)).path("state").asText().matches("queued|running")) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("processing job " + job + " did not end within 120 s");
            }
            Thread.sleep(100);
        }
        for (JsonNode clip : json(backend.get("/api/voice/clips?limit=500")).path("clips")) {
            // The test Whisper model hears nothing: the transcript is the reviewer's, as in the studio.
            require(backend.patch("/api/voice/clips/" + clip.path("id").asLong(),
                    "{\"transcript\": \"Ask not what your country can do for you.\", \"included\": true}"), 200);
        }
        HttpResponse<String> started = backend.post("/api/voice/train", """
                {"name": "jfk", "base_checkpoint": "base-epoch=9-step=90.ckpt", "epochs": %d, "batch_size": 1, "quality": "medium",
                 "espeak_voice": "en-us"}""".formatted(EPOCHS));
        return json(require(started, 201)).path("id").asLong();
    }

    private static JsonNode awaitRun(BackendProcess backend, long id, Predicate<JsonNode> done) throws Exception {
        long until = System.nanoTime() + 180_000_000_000L;
        while (true) {
            JsonNode run = json(backend.get("/api/voice/train/" + id));
            if (done.test(run)) {
                return run;
            }
            if (System.nanoTime() > until || run.path("status").asText().matches("failed|cancelled")) {
                throw new IllegalStateException("training run " + id + " is " + run);
            }
            Thread.sleep(100);
        }
    }

    private static int checkpointRows(BackendProcess backend, long id) {
        try {
            return json(backend.get("/api/voice/checkpoints?run_id=" + id)).path("checkpoints").size();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static java.util.List<Path> metricsFiles(Path runDir) throws IOException {
        try (var files = Files.find(runDir.resolve("lightning_logs"), 2, (p, a) -> p.getFileName().toString().equals("metrics.csv"))) {
            return files.toList();
        }
    }

    /** The fake trainer as PIPER_TRAIN_PYTHON, as the server's tests use it; its behaviour comes from fake.env at each call. */
    private static Path wrapper(Path scratch, String python, Path fake, Path fixtures) throws IOException {
        Path wrapper = scratch.resolve("fake-python");
        Files.writeString(wrapper, "#!/bin/sh\nset -a\n. '" + scratch.resolve("fake.env") + "'\nset +a\n"
                + "export PYTHONPATH='" + fake + "' FAKE_VOICE='" + fixtures.resolve("piper/test_voice.onnx") + "' FAKE_CONFIG='"
                + fixtures.resolve("piper/test_voice.onnx.json") + "'\nexec '" + python + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    private static void fakeEnv(Path scratch, String text) throws IOException {
        Files.writeString(scratch.resolve("fake.env"), text);
    }

    private static String python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return Path.of(dir, "python3").toString();
            }
        }
        return null;
    }

    private static HttpResponse<String> require(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
