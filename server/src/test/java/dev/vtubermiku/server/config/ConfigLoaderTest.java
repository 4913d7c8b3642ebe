package dev.vtubermiku.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private DotEnvFile dotEnv(String... lines) throws IOException {
        Path file = dir.resolve(".env");
        Files.write(file, List.of(lines));
        return new DotEnvFile(file);
    }

    private DotEnvFile noDotEnv() {
        return new DotEnvFile(dir.resolve("missing.env"));
    }

    /** The single error loading {@code key=value} from the environment gives. */
    private ConfigError onlyError(Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env, noDotEnv()));
        assertThat(e).as("loading %s fails", env).isNotNull();
        assertThat(e.errors()).hasSize(1);
        return e.errors().getFirst();
    }

    // --- precedence ---

    @Test
    void withNothingSetEveryKeyHasItsDefault() {
        Settings settings = ConfigLoader.load(Map.of(), noDotEnv());

        for (ConfigKey key : ConfigKey.values()) {
            assertThat(settings.get(key)).as(key.name()).isEqualTo(key.defaultValue());
            assertThat(settings.source(key)).as(key.name()).isEqualTo(Settings.Source.DEFAULT);
        }
        assertThat(settings).isEqualTo(Settings.defaults());
        assertThat(settings.apiHost()).isEqualTo("127.0.0.1");
        assertThat(settings.apiPort()).isEqualTo(8765);
        assertThat(settings.apiToken()).isEmpty();
        assertThat(settings.debug()).isFalse();
        assertThat(settings.databaseFile()).isEqualTo(Path.of("./vtuber.db"));
        assertThat(settings.sampleRate()).isEqualTo(16000);
        assertThat(settings.channels()).isEqualTo(1);
        assertThat(settings.logLevel()).isEqualTo("INFO");
        assertThat(settings.modelMirror()).isEmpty();
        assertThat(settings.whisperModelFile()).isEqualTo(Path.of("./models", "whisper", "ggml-base.bin"));
    }

    @Test
    void theEnvironmentWinsOverDotEnvWhichWinsOverDefaults() throws IOException {
        DotEnvFile file = dotEnv("API_PORT=9002", "LOG_LEVEL=DEBUG");

        Settings settings = ConfigLoader.load(Map.of("API_PORT", "9001", "PATH", "/usr/bin"), file);

        assertThat(settings.apiPort()).isEqualTo(9001);
        assertThat(settings.source(ConfigKey.API_PORT)).isEqualTo(Settings.Source.ENVIRONMENT);
        assertThat(settings.get(ConfigKey.LOG_LEVEL)).isEqualTo("DEBUG");
        assertThat(settings.source(ConfigKey.LOG_LEVEL)).isEqualTo(Settings.Source.DOTENV);
        assertThat(settings.get(ConfigKey.DATA_DIR)).isEqualTo("./data");
        assertThat(settings.source(ConfigKey.DATA_DIR)).isEqualTo(Settings.Source.DEFAULT);
    }

    @Test
    void anEmptyEnvironmentValueStillOverridesDotEnv() throws IOException {
        DotEnvFile file = dotEnv("API_TOKEN=a-long-secret-token", "MODEL_MIRROR=http://mirror.local/models", "DEBUG=true");

        Settings settings = ConfigLoader.load(Map.of("API_TOKEN", "", "MODEL_MIRROR", "", "DEBUG", ""), file);

        assertThat(settings.apiToken()).isEmpty();
        assertThat(settings.source(ConfigKey.API_TOKEN)).isEqualTo(Settings.Source.ENVIRONMENT);
        assertThat(settings.modelMirror()).isEmpty();
        assertThat(settings.get(ConfigKey.DEBUG)).isEmpty();
        assertThat(settings.debug()).isFalse();
    }

    @Test
    void valuesAreTrimmed() throws IOException {
        Settings settings = ConfigLoader.load(Map.of("API_PORT", " 9000 "), dotEnv("LOG_LEVEL=  warn  "));

        assertThat(settings.get(ConfigKey.API_PORT)).isEqualTo("9000");
        assertThat(settings.get(ConfigKey.LOG_LEVEL)).isEqualTo("warn");
        assertThat(settings.logLevel()).isEqualTo("WARN");
    }

    @Test
    void readsDotEnvSyntaxAndIgnoresUnknownKeys() throws IOException {
        DotEnvFile file = dotEnv(
                "# VtuberMiku",
                "export API_PORT=9100",
                "LOG_LEVEL='debug'",
                "DATA_DIR=\"/srv/vtuber data\"",
                "OPENROUTER_MODEL=meta/llama-3 # the small one",
                "SOMETHING_ELSE=whatever",
                "api_port=1");

        Settings settings = ConfigLoader.load(Map.of(), file);

        assertThat(settings.apiPort()).isEqualTo(9100);
        assertThat(settings.logLevel()).isEqualTo("DEBUG");
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/vtuber data"));
        assertThat(settings.llmModel()).isEqualTo("meta/llama-3");
    }

    @Test
    void anInvalidValueInDotEnvIsReportedLikeOneFromTheEnvironment() throws IOException {
        DotEnvFile file = dotEnv("CHANNELS=5");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config error: CHANNELS=\"5\" must be 1 or 2");
    }

    @Test
    void anInvalidDotEnvValueOverriddenByTheEnvironmentIsNoProblem() throws IOException {
        Settings settings = ConfigLoader.load(Map.of("CHANNELS", "2"), dotEnv("CHANNELS=5"));

        assertThat(settings.channels()).isEqualTo(2);
    }

    // --- validation: one line per invalid key, naming it ---

    @ParameterizedTest
    @ValueSource(strings = {"abc", "70000", "-1", "80.5", ""})
    void apiPortMustBeAPortNumber(String value) {
        assertThat(onlyError(Map.of("API_PORT", value)).line())
                .isEqualTo("config error: API_PORT=\"" + value.trim() + "\" must be a port number (1-65535, or 0 for any free port)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "8765", "65535"})
    void apiPortAcceptsThePortRangeAndZeroForAnyFreePort(String value) {
        assertThat(ConfigLoader.load(Map.of("API_PORT", value), noDotEnv()).apiPort()).isEqualTo(Integer.parseInt(value));
    }

    @Test
    void logLevelMustBeKnown() {
        assertThat(onlyError(Map.of("LOG_LEVEL", "LOUD")).line())
                .isEqualTo("config error: LOG_LEVEL=\"LOUD\" must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trace", "DEBUG", "Info", "WARN", "warning", "ERROR"})
    void logLevelAcceptsAnyCase(String value) {
        assertThat(ConfigLoader.load(Map.of("LOG_LEVEL", value), noDotEnv()).logLevel())
                .isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    }

    @Test
    void debugMustBeABoolean() {
        assertThat(onlyError(Map.of("DEBUG", "maybe")).line())
                .isEqualTo("config error: DEBUG=\"maybe\" must be true or false");
        assertThat(ConfigLoader.load(Map.of("DEBUG", "TRUE"), noDotEnv()).debug()).isTrue();
        assertThat(ConfigLoader.load(Map.of("DEBUG", "1"), noDotEnv()).debug()).isTrue();
        assertThat(ConfigLoader.load(Map.of("DEBUG", "off"), noDotEnv()).debug()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://localhost/vtuber", "sqlite://vtuber.db", "sqlite:///", "./vtuber.db", "sqlite:vtuber.db"})
    void databaseUrlMustBeASqliteUrl(String value) {
        assertThat(onlyError(Map.of("DATABASE_URL", value)).line())
                .isEqualTo("config error: DATABASE_URL=\"" + value + "\" must look like sqlite:///./vtuber.db");
    }

    @Test
    void databaseUrlNamesARelativeOrAbsoluteFile() {
        assertThat(ConfigLoader.load(Map.of("DATABASE_URL", "sqlite:///data/app.db"), noDotEnv()).databaseFile())
                .isEqualTo(Path.of("data/app.db"));
        assertThat(ConfigLoader.load(Map.of("DATABASE_URL", "sqlite:////var/lib/vtuber.db"), noDotEnv()).databaseFile())
                .isEqualTo(Path.of("/var/lib/vtuber.db"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.168.1.5", "example.com", "::", "10.0.0.1"})
    void aHostOtherThanLoopbackNeedsAToken(String host) {
        assertThat(onlyError(Map.of("API_HOST", host)).line()).isEqualTo("config error: API_HOST=\"" + host
                + "\" is not a loopback address: set API_TOKEN as well, or the API would be open to the network");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.168.1.5", "example.com"})
    void aHostOtherThanLoopbackIsAcceptedWithAToken(String host) {
        Settings settings = ConfigLoader.load(Map.of("API_HOST", host, "API_TOKEN", "twelve-chars"), noDotEnv());

        assertThat(settings.apiHost()).isEqualTo(host);
        assertThat(settings.apiToken()).contains("twelve-chars");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"})
    void loopbackNeedsNoToken(String host) {
        assertThat(ConfigLoader.load(Map.of("API_HOST", host), noDotEnv()).apiHost()).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my host", "host/path", "http://127.0.0.1"})
    void apiHostMustBeAHostName(String host) {
        assertThat(onlyError(Map.of("API_HOST", host)).line())
                .isEqualTo("config error: API_HOST=\"" + host + "\" must be a host name or IP address");
    }

    @Test
    void aShortTokenIsRejectedWithoutShowingIt() {
        ConfigError error = onlyError(Map.of("API_TOKEN", "short-token"));

        assertThat(error.key()).isEqualTo(ConfigKey.API_TOKEN);
        assertThat(error.line())
                .isEqualTo("config error: API_TOKEN=(secret) must be at least 12 characters (or empty to disable)")
                .doesNotContain("short-token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://openrouter.ai/api/v1", "openrouter.ai/api/v1", "not a url", "http://", "file:///tmp/llm"})
    void llmBaseUrlMustBeHttp(String value) {
        assertThat(onlyError(Map.of("LLM_BASE_URL", value)).line())
                .isEqualTo("config error: LLM_BASE_URL=\"" + value + "\" must be an http:// or https:// URL");
    }

    @Test
    void llmBaseUrlMayNotBeEmpty() {
        assertThat(onlyError(Map.of("LLM_BASE_URL", "")).line())
                .isEqualTo("config error: LLM_BASE_URL=\"\" must be an http:// or https:// URL");
    }

    @Test
    void llmBaseUrlAcceptsLocalServers() {
        assertThat(ConfigLoader.load(Map.of("LLM_BASE_URL", "http://127.0.0.1:11434/v1"), noDotEnv()).llmBaseUrl())
                .hasToString("http://127.0.0.1:11434/v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://mirror.local/models", "mirror.local", "file:///srv/models"})
    void modelMirrorMustBeHttpWhenSet(String value) {
        assertThat(onlyError(Map.of("MODEL_MIRROR", value)).line())
                .isEqualTo("config error: MODEL_MIRROR=\"" + value + "\" must be an http:// or https:// URL");
    }

    @Test
    void modelMirrorIsOptional() {
        assertThat(ConfigLoader.load(Map.of("MODEL_MIRROR", "http://127.0.0.1:8000/mirror"), noDotEnv()).modelMirror())
                .hasValueSatisfying(uri -> assertThat(uri).hasToString("http://127.0.0.1:8000/mirror"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7999", "192001", "44.1k", "0"})
    void sampleRateMustBeInRange(String value) {
        assertThat(onlyError(Map.of("SAMPLE_RATE", value)).line())
                .isEqualTo("config error: SAMPLE_RATE=\"" + value + "\" must be a sample rate in Hz (8000-192000)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3", "stereo"})
    void channelsMustBeOneOrTwo(String value) {
        assertThat(onlyError(Map.of("CHANNELS", value)).line())
                .isEqualTo("config error: CHANNELS=\"" + value + "\" must be 1 or 2");
    }

    @Test
    void sampleRateAndChannelsAcceptTheirRange() {
        Settings settings = ConfigLoader.load(Map.of("SAMPLE_RATE", "48000", "CHANNELS", "2"), noDotEnv());

        assertThat(settings.sampleRate()).isEqualTo(48000);
        assertThat(settings.channels()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay.example", "https://ok.example, ftp://bad.example", "*"})
    void corsOriginsMustBeHttpOrigins(String value) {
        assertThat(onlyError(Map.of("CORS_ORIGINS", value)).line()).isEqualTo("config error: CORS_ORIGINS=\"" + value
                + "\" must be a comma-separated list of origins such as https://overlay.example");
    }

    @Test
    void corsOriginsAreAList() {
        Settings settings = ConfigLoader.load(
                Map.of("CORS_ORIGINS", "https://overlay.example, http://127.0.0.1:3000,"), noDotEnv());

        assertThat(settings.corsOrigins()).containsExactly("https://overlay.example", "http://127.0.0.1:3000");
    }

    @Test
    void namesAndPathsMustNotBeEmpty() {
        assertThat(onlyError(Map.of("OPENROUTER_MODEL", " ")).line())
                .isEqualTo("config error: OPENROUTER_MODEL=\"\" must not be empty");
        assertThat(onlyError(Map.of("DATA_DIR", "")).line()).isEqualTo("config error: DATA_DIR=\"\" must not be empty");
        assertThat(onlyError(Map.of("WHISPER_MODEL", "../evil")).line())
                .isEqualTo("config error: WHISPER_MODEL=\"../evil\" must be a model name such as base, tiny.en or small-q5_1");
    }

    @Test
    void everyInvalidKeyIsReportedOnItsOwnLineInKeyOrder() {
        Map<String, String> env = new HashMap<>();
        env.put("LOG_LEVEL", "LOUD");
        env.put("API_PORT", "abc");
        env.put("DEBUG", "maybe");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(env, noDotEnv()));

        assertThat(e.errors()).extracting(ConfigError::key)
                .containsExactly(ConfigKey.API_PORT, ConfigKey.DEBUG, ConfigKey.LOG_LEVEL);
        assertThat(e.getMessage().lines().toList()).containsExactly(
                "config error: API_PORT=\"abc\" must be a port number (1-65535, or 0 for any free port)",
                "config error: DEBUG=\"maybe\" must be true or false",
                "config error: LOG_LEVEL=\"LOUD\" must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }

    @Test
    void secretsAreMaskedWhenShown() {
        Settings settings = ConfigLoader.load(
                Map.of("API_TOKEN", "abcdefghijklmnop", "OPENROUTER_API_KEY", "sk-or-1234567890"), noDotEnv());

        assertThat(settings.display(ConfigKey.API_TOKEN)).isEqualTo("****");
        assertThat(settings.display(ConfigKey.OPENROUTER_API_KEY)).isEqualTo("****");
        assertThat(settings.display(ConfigKey.MODEL_MIRROR)).isEmpty();
        assertThat(settings.display(ConfigKey.API_PORT)).isEqualTo("8765");
        assertThat(settings.toString()).doesNotContain("abcdefghijklmnop", "sk-or-1234567890");
        assertThat(settings.secretValues()).containsExactlyInAnyOrder("abcdefghijklmnop", "sk-or-1234567890");
    }

    @Test
    void keysAreFoundByNameInAnyCase() {
        assertThat(ConfigKey.find("log_level")).contains(ConfigKey.LOG_LEVEL);
        assertThat(ConfigKey.find(" API_PORT ")).contains(ConfigKey.API_PORT);
        assertThat(ConfigKey.find("NOPE")).isEmpty();
    }
}
