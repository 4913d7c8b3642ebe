package dev.vtubermiku.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vtubermiku.protocol.ConfigUpdateResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeConfigTest {

    @TempDir
    Path dir;

    private Path envFile;
    private final List<Settings> heard = new ArrayList<>();

    private RuntimeConfig config(Map<String, String> environment, String... dotEnvLines) throws IOException {
        envFile = dir.resolve(".env");
        if (dotEnvLines.length > 0) {
            Files.write(envFile, List.of(dotEnvLines), StandardCharsets.UTF_8);
        }
        DotEnvFile dotEnv = new DotEnvFile(envFile);
        RuntimeConfig config = new RuntimeConfig(ConfigLoader.load(environment, dotEnv), environment, dotEnv);
        config.onChange(heard::add);
        return config;
    }

    private Map<String, String> saved() {
        return new DotEnvFile(envFile).read();
    }

    private static Map<ConfigKey, String> changes(Object... keysAndValues) {
        Map<ConfigKey, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            changes.put((ConfigKey) keysAndValues[i], (String) keysAndValues[i + 1]);
        }
        return changes;
    }

    @Test
    void runtimeKeysApplyAtOnceAndRestartKeysWait() throws IOException {
        RuntimeConfig config = config(Map.of(), "# mine", "API_PORT=8765");

        ConfigUpdateResponse response = config.update(changes(
                ConfigKey.LOG_LEVEL, "DEBUG", ConfigKey.API_PORT, "9000", ConfigKey.OPENROUTER_MODEL, "other/model"));

        assertThat(response.applied()).containsExactlyInAnyOrder("LOG_LEVEL", "OPENROUTER_MODEL");
        assertThat(response.restartRequired()).containsExactly("API_PORT");
        assertThat(response.overriddenByEnvironment()).isEmpty();
        assertThat(response.savedTo()).isEqualTo(envFile.toAbsolutePath().toString());

        Settings now = config.current();
        assertThat(now.logLevel()).isEqualTo("DEBUG");
        assertThat(now.source(ConfigKey.LOG_LEVEL)).isEqualTo(Settings.Source.RUNTIME);
        assertThat(now.llmModel()).isEqualTo("other/model");
        assertThat(now.apiPort()).as("the port changes at the next start").isEqualTo(8765);
        assertThat(now.source(ConfigKey.API_PORT)).isEqualTo(Settings.Source.DOTENV);

        assertThat(saved()).containsEntry("LOG_LEVEL", "DEBUG").containsEntry("API_PORT", "9000")
                .containsEntry("OPENROUTER_MODEL", "other/model");
        assertThat(Files.readAllLines(envFile)).startsWith("# mine", "API_PORT=9000");
    }

    @Test
    void aListenerGetsTheNewSettings() throws IOException {
        RuntimeConfig config = config(Map.of());

        config.update(changes(ConfigKey.DEBUG, "true"));

        assertThat(heard).hasSize(1);
        assertThat(heard.getFirst()).isSameAs(config.current());
        assertThat(heard.getFirst().debug()).isTrue();
    }

    @Test
    void listenersHearNothingWhenOnlyRestartKeysChanged() throws IOException {
        RuntimeConfig config = config(Map.of());
        Settings before = config.current();

        ConfigUpdateResponse response = config.update(changes(ConfigKey.SAMPLE_RATE, "48000"));

        assertThat(response.applied()).isEmpty();
        assertThat(response.restartRequired()).containsExactly("SAMPLE_RATE");
        assertThat(heard).isEmpty();
        assertThat(config.current()).isSameAs(before);
        assertThat(saved()).containsEntry("SAMPLE_RATE", "48000");
    }

    @Test
    void keysSetInTheEnvironmentAreReportedAsOverridden() throws IOException {
        RuntimeConfig config = config(Map.of("LOG_LEVEL", "WARN", "API_PORT", "9001"));

        ConfigUpdateResponse response = config.update(changes(
                ConfigKey.LOG_LEVEL, "ERROR", ConfigKey.API_PORT, "9002", ConfigKey.DEBUG, "true"));

        assertThat(response.overriddenByEnvironment()).containsExactlyInAnyOrder("LOG_LEVEL", "API_PORT");
        assertThat(saved()).containsEntry("LOG_LEVEL", "ERROR").containsEntry("API_PORT", "9002");
        DotEnvFile dotEnv = new DotEnvFile(envFile);
        assertThat(ConfigLoader.load(Map.of("LOG_LEVEL", "WARN", "API_PORT", "9001"), dotEnv).apiPort())
                .as("at the next start the environment wins again")
                .isEqualTo(9001);
    }

    @Test
    void anInvalidValueIsRefusedAndNothingIsSavedOrApplied() throws IOException {
        RuntimeConfig config = config(Map.of(), "# untouched", "LOG_LEVEL=WARN");
        byte[] before = Files.readAllBytes(envFile);
        Settings current = config.current();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> config.update(changes(
                ConfigKey.LOG_LEVEL, "DEBUG", ConfigKey.API_PORT, "abc", ConfigKey.CHANNELS, "7")));

        assertThat(e.errors()).extracting(ConfigError::line).containsExactly(
                "config error: API_PORT=\"abc\" must be a port number (1-65535, or 0 for any free port)",
                "config error: CHANNELS=\"7\" must be 1 or 2");
        assertThat(Files.readAllBytes(envFile)).isEqualTo(before);
        assertThat(config.current()).isSameAs(current);
        assertThat(config.current().logLevel()).isEqualTo("WARN");
        assertThat(heard).isEmpty();
    }

    @Test
    void anInvalidValueCreatesNoDotEnv() throws IOException {
        RuntimeConfig config = config(Map.of());

        catchThrowableOfType(ConfigException.class, () -> config.update(changes(ConfigKey.DEBUG, "maybe")));

        assertThat(envFile).doesNotExist();
    }

    @Test
    void openingTheApiToTheNetworkWithoutATokenIsRefused() throws IOException {
        RuntimeConfig config = config(Map.of());

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> config.update(changes(ConfigKey.API_HOST, "0.0.0.0")));

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo(ConfigKey.API_HOST);
            assertThat(error.line()).startsWith("config error: API_HOST=\"0.0.0.0\" is not a loopback address");
        });
        assertThat(envFile).doesNotExist();
    }

    @Test
    void openingTheApiWithATokenInTheSameUpdateIsAccepted() throws IOException {
        RuntimeConfig config = config(Map.of());

        ConfigUpdateResponse response = config.update(changes(
                ConfigKey.API_HOST, "0.0.0.0", ConfigKey.API_TOKEN, "a-token-of-some-length"));

        assertThat(response.restartRequired()).containsExactlyInAnyOrder("API_HOST", "API_TOKEN");
        assertThat(saved()).containsEntry("API_HOST", "0.0.0.0").containsEntry("API_TOKEN", "a-token-of-some-length");
    }

    @Test
    void removingTheTokenOfAnOpenApiIsRefused() throws IOException {
        RuntimeConfig config = config(Map.of(), "API_HOST=0.0.0.0", "API_TOKEN=a-token-of-some-length");
        byte[] before = Files.readAllBytes(envFile);
        Map<ConfigKey, String> remove = new HashMap<>();
        remove.put(ConfigKey.API_TOKEN, null);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> config.update(remove));

        assertThat(e.errors()).extracting(ConfigError::key).containsExactly(ConfigKey.API_HOST);
        assertThat(Files.readAllBytes(envFile)).isEqualTo(before);
    }

    @Test
    void aShortTokenIsRefusedWithoutShowingIt() throws IOException {
        RuntimeConfig config = config(Map.of());

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> config.update(changes(ConfigKey.API_TOKEN, "tiny")));

        assertThat(e.getMessage()).isEqualTo(
                "config error: API_TOKEN=(secret) must be at least 12 characters (or empty to disable)");
    }

    @Test
    void aNullValueRemovesTheKeyAndRestoresTheDefault() throws IOException {
        RuntimeConfig config = config(Map.of(), "# keep", "LOG_LEVEL=DEBUG", "API_PORT=9000");
        Map<ConfigKey, String> remove = new HashMap<>();
        remove.put(ConfigKey.LOG_LEVEL, null);

        ConfigUpdateResponse response = config.update(remove);

        assertThat(response.applied()).containsExactly("LOG_LEVEL");
        assertThat(config.current().logLevel()).isEqualTo("INFO");
        assertThat(Files.readAllLines(envFile)).containsExactly("# keep", "API_PORT=9000");
    }

    @Test
    void valuesAreSavedTrimmed() throws IOException {
        RuntimeConfig config = config(Map.of());

        config.update(changes(ConfigKey.OPENROUTER_MODEL, "  qwen/qwen-2.5-7b-instruct  "));

        assertThat(config.current().llmModel()).isEqualTo("qwen/qwen-2.5-7b-instruct");
        assertThat(Files.readAllLines(envFile)).containsExactly("OPENROUTER_MODEL=qwen/qwen-2.5-7b-instruct");
    }

    @Test
    void aSavedChangeIsWhatTheNextStartLoads() throws IOException {
        RuntimeConfig config = config(Map.of());
        config.update(changes(ConfigKey.DATA_DIR, "/srv/my clips #1", ConfigKey.LOG_LEVEL, "TRACE"));

        Settings reloaded = ConfigLoader.load(Map.of(), new DotEnvFile(envFile));

        assertThat(reloaded.dataDir()).isEqualTo(Path.of("/srv/my clips #1"));
        assertThat(reloaded.logLevel()).isEqualTo("TRACE");
    }
}
