package dev.vtubermiku.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real backend, {@code java -jar server/target/server.jar serve}, in a scratch folder of its own,
 * that the reliability campaign starts, talks to, measures and kills with SIGKILL.
 */
final class BackendProcess implements AutoCloseable {

    static final String TOKEN = "reliability-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path serverJar;
    private final Path scratch;
    private final Map<String, String> env;
    private final int port;
    private Process process;

    BackendProcess(Path serverJar, Path scratch, Map<String, String> extraEnv) throws IOException {
        this.serverJar = serverJar;
        this.scratch = scratch;
        this.port = ProcessFacts.freePort();
        this.env = new HashMap<>();
        env.put("API_PORT", String.valueOf(port));
        env.put("API_TOKEN", TOKEN);
        env.put("DATABASE_URL", "sqlite:///" + scratch.resolve("vtuber.db"));
        env.put("DATA_DIR", scratch.resolve("data").toString());
        env.put("MODELS_DIR", scratch.resolve("models").toString());
        env.put("PIPER_MODEL_PATH", scratch.resolve("models/piper/none.onnx").toString());
        env.put("VAD_MODEL_PATH", scratch.resolve("models/vad/none.onnx").toString());
        env.put("LOG_FILE", scratch.resolve("logs/vtuber.log").toString());
        env.put("PIPER_TRAIN_PYTHON", scratch.resolve("no-python").toString());
        env.put("LLM_LOCAL_URL", "");
        env.putAll(extraEnv); // a round may bring its own trainer
    }

    /** Starts it and waits until /api/health answers 200. */
    BackendProcess start() throws Exception {
        Files.createDirectories(scratch);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The launcher's JVM options (./vtuber), so memory figures are what a user sees.
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xss512k", "-XX:TrimNativeHeapInterval=3000",
                "-jar", serverJar.toString(), "serve")
                .directory(scratch.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(scratch.resolve("backend.out").toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the backend exited with " + process.exitValue() + "; see " + scratch.resolve("backend.out"));
            }
            try {
                if (get("/api/health").statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the backend did not answer /api/health within 90 s");
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut of the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int port() {
        return port;
    }

    /** Resident memory of the backend in MB, from /proc (Linux). */
    long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patch(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(request(path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postMultipart(String path, String fileName, byte[] file) throws IOException, InterruptedException {
        String boundary = "reliability" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(file, 0, body, head.length, file.length);
        System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
        return HTTP.send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TOKEN);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
