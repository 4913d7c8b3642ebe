package dev.vtubermiku.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent set of configuration values, each with where it came from. Immutable: a runtime
 * change makes a new {@code Settings}.
 */
public final class Settings {

    /** Where a value came from; the environment always wins over {@code .env}, which wins over defaults. */
    public enum Source {
        ENVIRONMENT,
        DOTENV,
        RUNTIME,
        DEFAULT;

        public String wire() {
            return switch (this) {
                case ENVIRONMENT -> "environment";
                case DOTENV -> "dotenv";
                case RUNTIME -> "runtime";
                case DEFAULT -> "default";
            };
        }
    }

    private final Map<ConfigKey, String> values;
    private final Map<ConfigKey, Source> sources;

    Settings(Map<ConfigKey, String> values, Map<ConfigKey, Source> sources) {
        // Not new EnumMap<>(map): that constructor throws for an empty map that is not an EnumMap.
        this.values = new EnumMap<>(ConfigKey.class);
        this.values.putAll(values);
        this.sources = new EnumMap<>(ConfigKey.class);
        this.sources.putAll(sources);
        for (ConfigKey key : ConfigKey.values()) {
            this.values.putIfAbsent(key, key.defaultValue());
            this.sources.putIfAbsent(key, Source.DEFAULT);
        }
    }

    /** Defaults only; for tests and tools that start from nothing. */
    public static Settings defaults() {
        return new Settings(Map.of(), Map.of());
    }

    public String get(ConfigKey key) {
        return values.get(key);
    }

    public Source source(ConfigKey key) {
        return sources.get(key);
    }

    /** A copy with some values replaced, all marked as coming from {@code source}. */
    public Settings with(Map<ConfigKey, String> changes, Source source) {
        Map<ConfigKey, String> v = new EnumMap<>(values);
        Map<ConfigKey, Source> s = new EnumMap<>(sources);
        changes.forEach((key, value) -> {
            v.put(key, value);
            s.put(key, source);
        });
        return new Settings(v, s);
    }

    /** Every problem with these values, one per key at most, in key order; empty when all is well. */
    public List<ConfigError> problems() {
        List<ConfigError> errors = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            String problem = key.problemWith(values.get(key));
            if (problem != null) {
                errors.add(new ConfigError(key, values.get(key), problem));
            }
        }
        boolean hostOk = errors.stream().noneMatch(e -> e.key() == ConfigKey.API_HOST);
        if (hostOk && !ConfigKey.isLoopback(apiHost()) && apiToken().isEmpty()) {
            errors.add(new ConfigError(ConfigKey.API_HOST, apiHost(),
                    "is not a loopback address: set API_TOKEN as well, or the API would be open to the network"));
        }
        return errors;
    }

    /** The values of secret keys that are set, so logs and responses can mask them. */
    public List<String> secretValues() {
        return Arrays.stream(ConfigKey.values())
                .filter(ConfigKey::secret)
                .map(values::get)
                .filter(v -> !v.isEmpty())
                // a Twitch token is sent without its "oauth:" prefix: mask it bare too
                .flatMap(v -> v.startsWith("oauth:") && v.length() > 6 ? java.util.stream.Stream.of(v, v.substring(6)) : java.util.stream.Stream.of(v))
                .toList();
    }

    public String apiHost() {
        return get(ConfigKey.API_HOST).trim();
    }

    public int apiPort() {
        return Integer.parseInt(get(ConfigKey.API_PORT).trim());
    }

    public Optional<String> apiToken() {
        String token = get(ConfigKey.API_TOKEN);
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    public List<String> corsOrigins() {
        return Arrays.stream(get(ConfigKey.CORS_ORIGINS).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public boolean debug() {
        return ConfigKey.parseBool(get(ConfigKey.DEBUG)).orElse(false);
    }

    public Path databaseFile() {
        return DatabaseUrl.parse(get(ConfigKey.DATABASE_URL)).orElseThrow();
    }

    public Path dataDir() {
        return Path.of(get(ConfigKey.DATA_DIR));
    }

    public Path modelsDir() {
        return Path.of(get(ConfigKey.MODELS_DIR));
    }

    /** WHISPER_MODEL_PATH when set, else MODELS_DIR/whisper/ggml-WHISPER_MODEL.bin. */
    public Path whisperModelFile() {
        String explicit = get(ConfigKey.WHISPER_MODEL_PATH);
        if (!explicit.isBlank()) {
            return Path.of(explicit);
        }
        return modelsDir().resolve("whisper").resolve("ggml-" + get(ConfigKey.WHISPER_MODEL) + ".bin");
    }

    public Path piperModelPath() {
        return Path.of(get(ConfigKey.PIPER_MODEL_PATH));
    }

    public Path vadModelPath() {
        return Path.of(get(ConfigKey.VAD_MODEL_PATH));
    }

    /** STT_AUDIO_CTX: 0, or the least encoder context (20 ms frames) of the voice loop's Whisper. */
    public int sttAudioCtx() {
        return Integer.parseInt(get(ConfigKey.STT_AUDIO_CTX).trim());
    }

    public int sttWorkers() {
        return Integer.parseInt(get(ConfigKey.STT_WORKERS).trim());
    }

    /** 0: events are kept forever. */
    public int eventRetentionDays() {
        return Integer.parseInt(get(ConfigKey.EVENT_RETENTION_DAYS).trim());
    }

    public int sttMaxSeconds() {
        return Integer.parseInt(get(ConfigKey.STT_MAX_SECONDS).trim());
    }

    public int ttsMaxChars() {
        return Integer.parseInt(get(ConfigKey.TTS_MAX_CHARS).trim());
    }

    public long uploadMaxBytes() {
        return Long.parseLong(get(ConfigKey.UPLOAD_MAX_MB).trim()) * 1024 * 1024;
    }

    public long avatarMaxBytes() {
        return Long.parseLong(get(ConfigKey.AVATAR_MAX_MB).trim()) * 1024 * 1024;
    }

    /** Voice activity detection settings from the VAD_* keys. */
    public dev.vtubermiku.core.speech.VadSettings vadSettings() {
        return new dev.vtubermiku.core.speech.VadSettings(Double.parseDouble(get(ConfigKey.VAD_THRESHOLD).trim()),
                Integer.parseInt(get(ConfigKey.VAD_MIN_SPEECH_MS).trim()), Integer.parseInt(get(ConfigKey.VAD_MIN_SILENCE_MS).trim()),
                Integer.parseInt(get(ConfigKey.VAD_SPEECH_PAD_MS).trim()));
    }

    /** Voice loop settings from the VOICE_* keys, with the VAD_* threshold and minimum speech. */
    public dev.vtubermiku.core.voice.VoiceSettings voiceSettings() {
        var d = dev.vtubermiku.core.voice.VoiceSettings.DEFAULTS;
        return new dev.vtubermiku.core.voice.VoiceSettings(vadSettings(), Integer.parseInt(get(ConfigKey.VOICE_END_SILENCE_MS).trim()),
                ConfigKey.parseBool(get(ConfigKey.VOICE_BARGE_IN)).orElse(true),
                Integer.parseInt(get(ConfigKey.VOICE_BARGE_IN_MS).trim()),
                Double.parseDouble(get(ConfigKey.VOICE_ECHO_MARGIN_DB).trim()), d.echoTailMs(),
                Integer.parseInt(get(ConfigKey.VOICE_FIRST_CHUNK_CHARS).trim()), d.maxTurnMs(), d.leadMs(),
                Integer.parseInt(get(ConfigKey.VOICE_SPECULATE_MS).trim()));
    }

    /** VOICE_PLAYBACK, lower-case: {@code desktop}, {@code overlay} or {@code both}. */
    public String voicePlayback() {
        return get(ConfigKey.VOICE_PLAYBACK).strip().toLowerCase(java.util.Locale.ROOT);
    }

    public int sampleRate() {
        return Integer.parseInt(get(ConfigKey.SAMPLE_RATE).trim());
    }

    public int channels() {
        return Integer.parseInt(get(ConfigKey.CHANNELS).trim());
    }

    /** Logback's name for LOG_LEVEL (WARNING is accepted as WARN). */
    public String logLevel() {
        String level = get(ConfigKey.LOG_LEVEL).trim().toUpperCase(Locale.ROOT);
        return level.equals("WARNING") ? "WARN" : level;
    }

    public Path logFile() {
        return Path.of(get(ConfigKey.LOG_FILE));
    }

    public URI llmBaseUrl() {
        return URI.create(get(ConfigKey.LLM_BASE_URL));
    }

    public String llmApiKey() {
        return get(ConfigKey.OPENROUTER_API_KEY);
    }

    public String llmModel() {
        return get(ConfigKey.OPENROUTER_MODEL);
    }

    /** LLM_LOCAL_URL, empty when local detection is off. */
    public String llmLocalUrl() {
        return get(ConfigKey.LLM_LOCAL_URL).trim();
    }

    /** True when neither a key nor an endpoint other than the default was configured. */
    public boolean llmUnconfigured() {
        return llmApiKey().isEmpty() && get(ConfigKey.LLM_BASE_URL).equals(ConfigKey.LLM_BASE_URL.defaultValue());
    }

    public java.time.Duration llmConnectTimeout() {
        return secondsOf(ConfigKey.LLM_CONNECT_TIMEOUT);
    }

    public java.time.Duration llmFirstTokenTimeout() {
        return secondsOf(ConfigKey.LLM_FIRST_TOKEN_TIMEOUT);
    }

    public java.time.Duration llmIdleTimeout() {
        return secondsOf(ConfigKey.LLM_IDLE_TIMEOUT);
    }

    public int llmRetries() {
        return Integer.parseInt(get(ConfigKey.LLM_RETRIES).trim());
    }

    public int llmMaxTokens() {
        return Integer.parseInt(get(ConfigKey.LLM_MAX_TOKENS).trim());
    }

    public int chatHistoryTokens() {
        return Integer.parseInt(get(ConfigKey.CHAT_HISTORY_TOKENS).trim());
    }

    public int chatMemoryRecall() {
        return Integer.parseInt(get(ConfigKey.CHAT_MEMORY_RECALL).trim());
    }

    private java.time.Duration secondsOf(ConfigKey key) {
        return java.time.Duration.ofMillis(Math.round(Double.parseDouble(get(key).trim()) * 1000));
    }

    public String trainPython() {
        return get(ConfigKey.PIPER_TRAIN_PYTHON);
    }

    /** The trainer environment {@code ./vtuber trainer setup} makes: a venv and a piper1-gpl checkout. */
    public Path trainerDir() {
        return dataDir().resolve("trainer");
    }

    /**
     * The interpreter that trains: PIPER_TRAIN_PYTHON when it was set, else the venv of
     * {@code ./vtuber trainer setup} when it exists, else {@code python3}.
     */
    public String trainerPython() {
        if (source(ConfigKey.PIPER_TRAIN_PYTHON) != Source.DEFAULT) {
            return trainPython();
        }
        Path venv = trainerDir().resolve("venv/bin/python");
        return java.nio.file.Files.isExecutable(venv) ? venv.toString() : trainPython();
    }

    public int voiceUploadMaxSeconds() {
        return Integer.parseInt(get(ConfigKey.VOICE_UPLOAD_MAX_SECONDS).trim());
    }

    public int voiceMinTrainSeconds() {
        return Integer.parseInt(get(ConfigKey.VOICE_MIN_TRAIN_SECONDS).trim());
    }

    /** AUTO_PULL: fetch missing starter models at start. */
    public boolean autoPull() {
        return ConfigKey.parseBool(get(ConfigKey.AUTO_PULL)).orElse(true);
    }

    public Optional<URI> modelMirror() {
        String mirror = get(ConfigKey.MODEL_MIRROR);
        return mirror.isEmpty() ? Optional.empty() : Optional.of(URI.create(mirror));
    }

    /** The value as it may be shown: a secret that is set shows as {@code ****}, never any part of it. */
    public String display(ConfigKey key) {
        String value = get(key);
        return key.secret() && !value.isEmpty() ? "****" : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings other && values.equals(other.values) && sources.equals(other.sources);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Settings{");
        for (ConfigKey key : ConfigKey.values()) {
            b.append(key).append('=').append(display(key)).append(", ");
        }
        return b.append('}').toString();
    }
}
