package dev.vtubermiku.bench;

import dev.vtubermiku.server.App;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.ConfigLoader;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.logging.SecretMasker;
import java.util.HashMap;
import java.util.Map;

/**
 * The real backend in the benchmark's own JVM, for the benchmarks that time its inner paths against
 * one clock: bound to a free loopback port, every file (database, data, models, log) in the
 * benchmark's scratch folder, no model downloads, logging at its {@code LOG_LEVEL} (INFO unless the
 * benchmark sets it) into an in-memory ring of the size the benchmark asks for. Closing it stops
 * the backend, then its logging.
 */
record InProcessBackend(App app, Logs logs, Settings settings) implements AutoCloseable {

    /** Starts it in {@code dir}; {@code env} adds or overrides variables. */
    static InProcessBackend start(TempDir dir, Map<String, String> env, int logRing) {
        return start(dir, env, logRing, App.EngineWrappers.NONE);
    }

    /** The same with the speech engines wrapped (a known transcript, for instance). */
    static InProcessBackend start(TempDir dir, Map<String, String> env, int logRing, App.EngineWrappers wrappers) {
        Map<String, String> all = new HashMap<>(Map.of(
                "API_HOST", "127.0.0.1",
                "DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"),
                "DATA_DIR", dir.resolve("data").toString(),
                "MODELS_DIR", dir.resolve("models").toString(),
                "AUTO_PULL", "false",
                "LOG_FILE", dir.resolve("logs/vtuber.log").toString()));
        all.putAll(env);
        DotEnvFile dotEnv = new DotEnvFile(dir.resolve(".env"));
        // API_PORT=0 (any free port) is for embedding only: the loader accepts 1-65535, so set it after.
        Settings settings = ConfigLoader.load(all, dotEnv).with(Map.of(ConfigKey.API_PORT, "0"), Settings.Source.ENVIRONMENT);
        Logs logs = Logs.install(settings.logFile(), settings.logLevel(), false, new SecretMasker(), logRing);
        try {
            return new InProcessBackend(App.start(new RuntimeConfig(settings, Map.copyOf(all), dotEnv), logs, wrappers), logs, settings);
        } catch (RuntimeException e) {
            logs.stop();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            logs.stop();
        }
    }
}
