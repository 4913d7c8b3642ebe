package dev.vtubermiku.server;

import dev.vtubermiku.server.config.ConfigLoader;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.logging.SecretMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real backend for tests: the production composition root on a random port, with its database,
 * data, models and .env in a folder of the test's own.
 */
public final class TestBackend implements AutoCloseable {

    private static Logs logs;

    private final App app;
    private final Path dir;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newHttpClient();

    private final App.EngineWrappers wrappers;

    private TestBackend(App app, Path dir, Map<String, String> environment, App.EngineWrappers wrappers) {
        this.wrappers = wrappers;
        this.app = app;
        this.dir = dir;
        this.environment = environment;
    }

    /** Starts a backend keeping its files in {@code dir}; {@code env} adds or overrides variables. */
    public static TestBackend start(Path dir, Map<String, String> env) {
        return start(dir, env, App.EngineWrappers.NONE);
    }

    /** The same with the speech engines wrapped: a known transcript, or a voice that is not silence. */
    public static TestBackend start(Path dir, Map<String, String> env, App.EngineWrappers wrappers) {
        return start(dir, env, wrappers, null);
    }

    /** The same with a model catalog of the test's own (downloads from a local mirror). */
    public static TestBackend start(Path dir, Map<String, String> env, App.EngineWrappers wrappers,
            dev.vtubermiku.server.models.@org.jspecify.annotations.Nullable ModelCatalog catalog) {
        Map<String, String> environment = environment(dir);
        environment.putAll(env);
        DotEnvFile dotEnv = new DotEnvFile(dir.resolve(".env"));
        Settings settings = ConfigLoader.load(environment, dotEnv);
        App app = App.start(new RuntimeConfig(settings, environment, dotEnv), logs(dir), wrappers, catalog);
        return new TestBackend(app, dir, environment, wrappers);
    }

    /**
     * An environment that keeps every file of the backend in {@code dir} and reaches nothing outside
     * it (no trainer interpreter, no models); mutable, so a test can add to it.
     */
    public static Map<String, String> environment(Path dir) {
        Map<String, String> environment = new HashMap<>();
        environment.put("API_PORT", "0");
        environment.put("DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"));
        environment.put("DATA_DIR", dir.resolve("data").toString());
        environment.put("MODELS_DIR", dir.resolve("models").toString());
        environment.put("PIPER_MODEL_PATH", dir.resolve("models/piper/en_US-amy-medium.onnx").toString());
        environment.put("VAD_MODEL_PATH", dir.resolve("models/vad/silero_vad.onnx").toString());
        environment.put("LOG_FILE", dir.resolve("logs/vtuber.log").toString());
        environment.put("PIPER_TRAIN_PYTHON", dir.resolve("no-python").toString());
        // No local Ollama detection: a developer's running Ollama must not change what tests see.
        environment.put("LLM_LOCAL_URL", "");
        // No model downloads: tests never reach the internet (a test of them sets a local MODEL_MIRROR).
        environment.put("AUTO_PULL", "false");
        return environment;
    }

    private static synchronized Logs logs(Path dir) {
        if (logs == null) {
            try {
                Path logDir = Files.createTempDirectory("vtuber-test-logs");
                logs = Logs.install(logDir.resolve("test.log"), "INFO", false, new SecretMasker(), 5000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return logs;
    }

    /** The same files, started again (a restart). */
    public TestBackend restart() {
        close();
        Map<String, String> env = new HashMap<>(environment);
        return start(dir, env, wrappers);
    }

    public App app() {
        return app;
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return app.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE().build());
    }

    /** Creates a character directly in the store (the character API is another feature's). */
    public long character(String name, String profile, String personality) {
        return app.database().writeDao(dev.vtubermiku.server.store.CharacterDao.class)
                .insert(name, profile, personality, null, java.time.Instant.now());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    @Override
    public void close() {
        app.close();
    }
}
