package dev.vtubermiku.server.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every configuration key of the contract (DESIGN.md, Configuration), with its default, what it
 * means, whether it is a secret, whether it can change without a restart, and how its value is checked.
 */
public enum ConfigKey {
    API_HOST("127.0.0.1", "Bind address. Anything but loopback requires API_TOKEN.", false, false, ConfigKey::host),
    API_PORT("8765", "HTTP and WebSocket port (0: any free port).", false, false,
            v -> intIn(v, 0, 65535, "a port number (1-65535, or 0 for any free port)")),
    API_TOKEN("", "When set, every /api and /v1 request, /docs and /openapi.json need 'Authorization: Bearer <token>' (WebSocket: ?token=). At least 12 characters.",
            true, false, v -> v.isEmpty() || v.length() >= 12 ? null : "must be at least 12 characters (or empty to disable)"),
    CORS_ORIGINS("", "Extra browser origins allowed to call the API, comma-separated (e.g. https://overlay.example). Loopback origins are always allowed.",
            false, false, ConfigKey::origins),
    DEBUG("false", "Log our own packages at DEBUG and log every HTTP request.", false, true, ConfigKey::bool),
    DATABASE_URL("sqlite:///./vtuber.db", "SQLite database file, as sqlite:///relative/path.db or sqlite:////absolute/path.db.",
            false, false, v -> DatabaseUrl.parse(v).isPresent() ? null : "must look like sqlite:///./vtuber.db"),
    DATA_DIR("./data", "Uploads, clips, datasets and generated audio.", false, false, ConfigKey::path),
    MODELS_DIR("./models", "Models: piper/, whisper/ and vad/ below it.", false, false, ConfigKey::path),
    WHISPER_MODEL("base", "Whisper model name: MODELS_DIR/whisper/ggml-<name>.bin.", false, true,
            v -> v.matches("[A-Za-z0-9._-]+") ? null : "must be a model name such as base, tiny.en or small-q5_1"),
    WHISPER_MODEL_PATH("", "Explicit Whisper model file; overrides WHISPER_MODEL when set.", false, true, ConfigKey::optionalPath),
    PIPER_MODEL_PATH("models/piper/en_US-amy-medium.onnx", "Default Piper voice (.onnx, its .onnx.json beside it).", false, true, ConfigKey::path),
    VAD_MODEL_PATH("models/vad/silero_vad.onnx", "Silero VAD model.", false, true, ConfigKey::path),
    SAMPLE_RATE("16000", "Capture sample rate in Hz.", false, false, v -> intIn(v, 8000, 192000, "a sample rate in Hz (8000-192000)")),
    CHANNELS("1", "Capture channels.", false, false, v -> intIn(v, 1, 2, "1 or 2")),
    LOG_LEVEL("INFO", "TRACE, DEBUG, INFO, WARN or ERROR.", false, true, ConfigKey::level),
    LOG_FILE("logs/vtuber.log", "Log file; rotated daily and at 10 MB, 14 days and 500 MB kept at most.", false, false, ConfigKey::path),
    LLM_BASE_URL("https://openrouter.ai/api/v1", "Any OpenAI-compatible endpoint (OpenRouter, Ollama http://127.0.0.1:11434/v1, LM Studio, vLLM).",
            false, true, v -> httpUrl(v, false)),
    OPENROUTER_API_KEY("", "Sent as bearer token to LLM_BASE_URL.", true, true, v -> null),
    OPENROUTER_MODEL("qwen/qwen-2.5-7b-instruct", "Model name sent to the LLM.", false, true,
            v -> v.isBlank() ? "must not be empty" : null),
    LLM_LOCAL_URL("http://127.0.0.1:11434/v1", "Local OpenAI-compatible server (Ollama) used when OPENROUTER_API_KEY is empty and LLM_BASE_URL is the default, if it answers; empty: never (offline echo instead).",
            false, true, v -> httpUrl(v, true)),
    LLM_CONNECT_TIMEOUT("10", "Seconds to wait for a connection to the LLM server.", false, true,
            v -> seconds(v, 0.1, 300)),
    LLM_FIRST_TOKEN_TIMEOUT("60", "Seconds to wait for the first token of a reply (a local model may first have to load).",
            false, true, v -> seconds(v, 0.1, 600)),
    LLM_IDLE_TIMEOUT("30", "Seconds a reply may pause between tokens before it is given up.", false, true,
            v -> seconds(v, 0.1, 600)),
    LLM_RETRIES("2", "Retries (with backoff) when the LLM answers 429 or 5xx before its first token.", false, true,
            v -> intIn(v, 0, 5, "a number of retries (0-5)")),
    LLM_MAX_TOKENS("400", "Longest reply, in tokens (sent as max_tokens).", false, true,
            v -> intIn(v, 16, 32768, "a number of tokens (16-32768)")),
    CHAT_HISTORY_TOKENS("2000", "Estimated tokens of recent history put into each prompt (newest exchanges first).", false, true,
            v -> intIn(v, 0, 200000, "a number of tokens (0-200000)")),
    CHAT_MEMORY_RECALL("3", "Long-term memories recalled into each prompt (0: none).", false, true,
            v -> intIn(v, 0, 20, "a number of memories (0-20)")),
    PIPER_TRAIN_PYTHON("python3", "Python interpreter that has piper1-gpl's training extras installed.", false, true,
            v -> v.isBlank() ? "must not be empty" : null),
    MODEL_MIRROR("", "Base URL that replaces the public model download hosts: each file is fetched from MODEL_MIRROR + its upstream path (e.g. http://nas:8080/models + /rhasspy/piper-voices/resolve/v1.0.0/...).", false, true,
            v -> httpUrl(v, true)),
    STT_WORKERS("2", "Transcriptions run at once (each holds a Whisper state of 100-500 MB); more wait in a queue.", false, false,
            v -> intIn(v, 1, 16, "a number from 1 to 16")),
    STT_MAX_SECONDS("600", "Longest recording POST /api/stt accepts, in seconds.", false, true,
            v -> intIn(v, 1, 14_400, "a number of seconds from 1 to 14400")),
    TTS_MAX_CHARS("2000", "Longest text POST /api/tts accepts, in characters.", false, true,
            v -> intIn(v, 1, 100_000, "a number of characters from 1 to 100000")),
    UPLOAD_MAX_MB("100", "Largest audio upload (POST /api/stt and other upload routes), in MB. JSON bodies stay limited to 1 MB.",
            false, false, v -> intIn(v, 1, 2048, "a size in MB from 1 to 2048")),
    VAD_THRESHOLD("0.5", "Speech probability at which voice activity detection hears speech (Silero's default 0.5).", false, true,
            v -> decimalIn(v, 0.05, 0.95, "a number between 0.05 and 0.95")),
    VAD_MIN_SPEECH_MS("250", "Speech shorter than this is ignored, in ms.", false, true, v -> intIn(v, 0, 10_000, "0-10000 ms")),
    VAD_MIN_SILENCE_MS("100", "Silence that ends a stretch of speech, in ms.", false, true, v -> intIn(v, 0, 10_000, "0-10000 ms")),
    VAD_SPEECH_PAD_MS("30", "Padding added before and after each stretch of speech, in ms.", false, true,
            v -> intIn(v, 0, 2_000, "0-2000 ms")),
    VOICE_UPLOAD_MAX_SECONDS("3600", "Longest recording POST /api/voice/upload accepts, in seconds (its size is limited by UPLOAD_MAX_MB).",
            false, true, v -> intIn(v, 1, 86_400, "a number of seconds from 1 to 86400")),
    VOICE_MIN_TRAIN_SECONDS("120", "Least audio (included clips with transcripts, in seconds) POST /api/voice/train starts with; 10-15 minutes clone well.",
            false, true, v -> intIn(v, 1, 360_000, "a number of seconds from 1 to 360000")),
    VOICE_END_SILENCE_MS("400", "Voice loop: silence that ends your turn, in ms (shorter answers sooner, too short cuts you off at a pause).",
            false, true, v -> intIn(v, 100, 5_000, "100-5000 ms")),
    VOICE_BARGE_IN("true", "Voice loop: talking over the character stops her (barge-in).", false, true, ConfigKey::bool),
    VOICE_BARGE_IN_MS("80", "Voice loop: how long you must talk over her before she stops, in ms.", false, true,
            v -> intIn(v, 0, 2_000, "0-2000 ms")),
    VOICE_ECHO_MARGIN_DB("3", "Voice loop: how much louder than her own voice (as sent) the microphone must be to count as you while she speaks, in dB.",
            false, true, v -> decimalIn(v, 0, 40, "a number of dB between 0 and 40")),
    VOICE_FIRST_CHUNK_CHARS("24", "Voice loop: the first piece of her reply is spoken at a comma once it is this many characters long.",
            false, true, v -> intIn(v, 1, 400, "1-400 characters")),
    // Voice loop speed (issue 14): Whisper on a pause before the end of the turn is confirmed; a shorter encoder.
    VOICE_SPECULATE_MS("150", "Voice loop: a pause this long (ms) starts transcribing while the rest of VOICE_END_SILENCE_MS is waited for; if you go on talking the guess is dropped unheard. 0: off.",
            false, true, v -> intIn(v, 0, 5_000, "0-5000 ms")),
    STT_AUDIO_CTX("0", "Opt-in: the voice loop's Whisper encodes only about as much as the audio is long, at least this many 20 ms frames (e.g. 256): short turns transcribe sooner, but the stock models lose accuracy. 0: off (the full 30 s window).",
            false, true, v -> intIn(v, 0, 1_500, "0-1500 frames")),

    // OpenAI-compatible speech: her voice served on /v1/audio/*, and speech offloaded to another machine.
    OPENAI_VOICE_MAP("", "POST /v1/audio/speech: which of our voices speaks for OpenAI's voice names, as name=voice pairs, comma-separated (e.g. alloy=en_US-amy-medium,*=nova); an unmapped OpenAI name (alloy, nova, ...) speaks with the default voice.",
            false, true, ConfigKey::voiceMap),
    TTS_BASE_URL("", "OpenAI-compatible speech server (its /v1 base, e.g. http://gpu-box:8765/v1) that speaks for her instead of the local Piper; empty: the local Piper.",
            false, true, v -> httpUrl(v, true)),
    TTS_API_KEY("", "Sent as bearer token to TTS_BASE_URL.", true, true, v -> null),
    TTS_MODEL("tts-1", "Model name sent to TTS_BASE_URL.", false, true, v -> v.isBlank() ? "must not be empty" : null),
    TTS_VOICE("", "Voice name sent to TTS_BASE_URL; empty: the character's own voice name (right for another VtuberMiku), or alloy when she has none.",
            false, true, v -> null),
    STT_BASE_URL("", "OpenAI-compatible transcription server (its /v1 base) that hears for her instead of the local Whisper; empty: the local Whisper.",
            false, true, v -> httpUrl(v, true)),
    STT_API_KEY("", "Sent as bearer token to STT_BASE_URL.", true, true, v -> null),
    STT_MODEL("whisper-1", "Model name sent to STT_BASE_URL.", false, true, v -> v.isBlank() ? "must not be empty" : null),

    // First run (issue 17)
    AUTO_PULL("true", "Download the default voice, Whisper model and Silero VAD in the background at start when they are missing (false: never; offline machines, mirrors).",
            false, false, ConfigKey::bool),

    // Encryption at rest (docs/DATA_AT_REST.md)
    DATA_KEY("", "Opt-in key (at least 12 characters) that encrypts the database and the stored audio; ./vtuber data encrypt converts an existing store. Losing it loses the data.",
            true, false, v -> v.isEmpty() || v.length() >= 12 ? null : "must be at least 12 characters (or empty for no encryption)"),
    DATA_KEY_FILE("", "File holding the data key instead of DATA_KEY (its trailing newline is ignored).", false, false,
            ConfigKey::optionalPath),

    // On air (issue 11): where her voice is played
    VOICE_PLAYBACK("desktop", "Where her voice plays: desktop (the command center), overlay (the OBS browser source at /overlay) or both; she is never heard twice by one listener.",
            false, true, v -> Set.of("desktop", "overlay", "both").contains(v.strip().toLowerCase(Locale.ROOT)) ? null
                    : "must be desktop, overlay or both"),

    // Hardening (issue 13)
    EVENT_RETENTION_DAYS("0", "Delete stored events (the events table) older than this many days, checked hourly; 0 keeps them all.",
            false, true, v -> intIn(v, 0, 36500, "a number of days (0 keeps every event)")),

    // Her audience: Twitch and YouTube live chat (issue 12; server.audience.twitch / .youtube)
    TWITCH_CHANNEL("", "Twitch channel whose chat she reads (the streamer's login name, e.g. mikuchan); empty: no Twitch.",
            false, true, v -> v.isEmpty() || v.trim().matches("#?[A-Za-z0-9_]{1,25}") ? null
                    : "must be a Twitch login name (letters, digits, underscore; at most 25)"),
    TWITCH_OAUTH_TOKEN("", "Twitch user access token (scopes chat:read chat:edit; 'oauth:' prefix allowed) with which she posts her replies in chat; empty: she reads anonymously (justinfan) and never posts.",
            true, true, v -> v.isEmpty() || v.trim().matches("(oauth:)?[A-Za-z0-9]{10,100}") ? null
                    : "must be a Twitch access token (letters and digits, optionally prefixed oauth:)"),
    TWITCH_IRC_URL("wss://irc-ws.chat.twitch.tv:443", "Twitch chat's IRC WebSocket; the token is only sent there, or to a loopback address (tests).",
            false, true, v -> wsUrl(v, false)),
    TWITCH_AUTH_URL("https://id.twitch.tv/oauth2", "Twitch's OAuth base, where TWITCH_OAUTH_TOKEN is validated (its user name and scopes); tests point it at a fake.",
            false, true, v -> httpUrl(v, false)),
    YOUTUBE_API_KEY("", "YouTube Data API key (Google Cloud console) with which she reads a live chat; each poll spends quota (see /api/status).",
            true, true, v -> v.isEmpty() || v.trim().matches("[A-Za-z0-9_\\-]{20,100}") ? null
                    : "must be a Google API key (letters, digits, _ and -)"),
    YOUTUBE_VIDEO_ID("", "The live video whose chat she reads (its 11-character id from the watch URL), or a channel id (UC..., 24 characters) whose current live broadcast is looked up (100 quota units per look-up); empty: no YouTube.",
            false, true, v -> v.isEmpty() || v.trim().matches("[A-Za-z0-9_-]{11}|UC[A-Za-z0-9_-]{22}") ? null
                    : "must be an 11-character video id or a UC... channel id"),
    // Her audience (issue 12): viewers' chat from Twitch and YouTube, filtered, queued, answered aloud.
    AUDIENCE_BLOCKLIST("", "Words and phrases, comma-separated: a viewer message containing one is skipped, and a reply of hers containing one is neither spoken nor posted (matched as whole words, case, accents and Unicode disguises ignored).",
            false, true, v -> v.length() <= 20_000 ? null : "must be at most 20000 characters"),
    AUDIENCE_BLOCKED_USERS("", "Viewers whose messages are skipped, comma-separated: display names or platform:user-id (the Stream tab's Block adds to this).",
            false, true, v -> v.length() <= 20_000 ? null : "must be at most 20000 characters"),
    AUDIENCE_BOTS(dev.vtubermiku.core.audience.AudienceRules.DEFAULT_BOTS, "Chat bots whose messages are skipped, comma-separated display names.",
            false, true, v -> v.length() <= 5_000 ? null : "must be at most 5000 characters"),
    AUDIENCE_MAX_CHARS("300", "Longest viewer message she considers, in characters; longer ones are skipped.", false, true,
            v -> intIn(v, 10, 2000, "a number of characters (10-2000)")),
    AUDIENCE_USER_RATE("6", "Messages one viewer may send per minute; more are skipped.", false, true,
            v -> intIn(v, 1, 600, "a number of messages per minute (1-600)")),
    AUDIENCE_WEIGHTS(dev.vtubermiku.core.audience.PriorityWeights.DEFAULT, "Priority of a queued viewer message: what each reason adds (mention, question, bits, subscriber, first_time, vip, moderator) to a base of 1; the highest is answered first.",
            false, true, ConfigKey::weights),
    AUDIENCE_COOLDOWN_SECONDS("20", "Least time between the end of one answer to a viewer and the start of the next, in seconds.",
            false, true, v -> seconds(v, 0, 3600)),
    AUDIENCE_MAX_AGE_SECONDS("90", "A viewer message not answered within this many seconds is dropped from the queue.",
            false, true, v -> seconds(v, 1, 3600)),
    AUDIENCE_QUEUE_SIZE("50", "Most viewer messages waiting for an answer; when full, a new one crowds out the lowest.",
            false, true, v -> intIn(v, 1, dev.vtubermiku.core.audience.AudienceRules.MAX_QUEUE, "a number of messages (1-1000)")),
    AUDIENCE_HOLD("false", "true: she answers no viewer (the Stream tab's Hold switch, PUT /api/audience/hold).",
            false, true, ConfigKey::bool),
    AUDIENCE_POST_REPLIES("false", "Post her answers to viewers in their chat as well (Twitch needs TWITCH_OAUTH_TOKEN).",
            false, true, ConfigKey::bool),
    // On air (issue 11): VTube Studio and OBS, each off unless its URL is set.
    VTS_URL("", "VTube Studio's plugin API (e.g. ws://127.0.0.1:8001): her Live2D model's mouth follows her voice and hotkeys her emotions; empty: off. The token VTube Studio grants is kept in the store.",
            false, false, v -> wsUrl(v, true)),
    OBS_URL("", "obs-websocket v5 (e.g. ws://127.0.0.1:4455): captions into a text source and scene switching; empty: off.",
            false, false, v -> wsUrl(v, true)),
    OBS_PASSWORD("", "obs-websocket's server password (OBS: Tools, WebSocket Server Settings); empty when authentication is off.",
            true, true, v -> null),
    OBS_CAPTION_SOURCE("", "OBS text source (GDI+ / FreeType 2) that shows what she says, until one is chosen with PUT /api/obs/settings; empty: no captions.",
            false, true, v -> null),
    // On air: avatars (issue 11)
    AVATAR_MAX_MB("64", "Largest avatar upload (PUT /api/characters/{id}/avatar: a VRM model, a sprite pack zip or a picture), in MB.",
            false, true, v -> intIn(v, 1, 1024, "a size in MB from 1 to 1024"));

    private final String defaultValue;
    private final String description;
    private final boolean secret;
    private final boolean runtime;
    private final Function<String, @Nullable String> check;

    ConfigKey(String defaultValue, String description, boolean secret, boolean runtime,
            Function<String, @Nullable String> check) {
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
        this.runtime = runtime;
        this.check = check;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return secret;
    }

    /** True when the running backend takes a new value at once; false when it needs a restart. */
    public boolean runtime() {
        return runtime;
    }

    /** Null when the value is acceptable for this key alone, else what is wrong with it. */
    public @Nullable String problemWith(String value) {
        // No value may hold a line break or control character: .env is line-based, and some readers
        // (editors, shells, java.util.Properties) split at U+2028, U+2029 or U+0085 too.
        if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            return "must not contain control characters or line breaks";
        }
        return check.apply(value);
    }

    /** What a JSON value for this key may be besides a string: true/false, a number, or neither. */
    public enum JsonKind { BOOLEAN, NUMBER, TEXT }

    /** Told by the default: "true"/"false" keys take JSON booleans, numeric keys numbers, the rest only strings. */
    public JsonKind jsonKind() {
        if (defaultValue.equals("true") || defaultValue.equals("false")) {
            return JsonKind.BOOLEAN;
        }
        return defaultValue.matches("-?[0-9]+(\\.[0-9]+)?") ? JsonKind.NUMBER : JsonKind.TEXT;
    }

    /** Case-insensitive lookup, so {@code log_level} in a JSON body finds {@code LOG_LEVEL}. */
    public static Optional<ConfigKey> find(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static @Nullable String voiceMap(String v) {
        for (String pair : v.split(",")) {
            if (!pair.isBlank() && !pair.trim().matches("[^=\\s]+\\s*=\\s*[^=\\s]+")) {
                return "must be name=voice pairs separated by commas, e.g. alloy=en_US-amy-medium,*=nova";
            }
        }
        return null;
    }

    static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "OFF");

    private static @Nullable String weights(String v) {
        try {
            dev.vtubermiku.core.audience.PriorityWeights.parse(v);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static @Nullable String level(String v) {
        return LOG_LEVELS.contains(v.toUpperCase(Locale.ROOT)) ? null : "must be one of TRACE, DEBUG, INFO, WARN, ERROR";
    }

    private static @Nullable String bool(String v) {
        return parseBool(v).isPresent() ? null : "must be true or false";
    }

    static Optional<Boolean> parseBool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Optional.of(true);
            case "false", "0", "no", "off", "" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static @Nullable String intIn(String v, int min, int max, String what) {
        try {
            int n = Integer.parseInt(v.trim());
            return n >= min && n <= max ? null : "must be " + what;
        } catch (NumberFormatException e) {
            return "must be " + what;
        }
    }

    private static @Nullable String decimalIn(String v, double min, double max, String what) {
        try {
            double d = Double.parseDouble(v.trim());
            return d >= min && d <= max ? null : "must be " + what;
        } catch (NumberFormatException e) {
            return "must be " + what;
        }
    }

    private static @Nullable String seconds(String v, double min, double max) {
        return decimalIn(v, min, max, "a number of seconds (" + min + "-" + (int) max + ")");
    }

    private static @Nullable String path(String v) {
        if (v.isBlank()) {
            return "must not be empty";
        }
        return optionalPath(v);
    }

    private static @Nullable String optionalPath(String v) {
        try {
            java.nio.file.Path.of(v);
            return v.indexOf('\0') >= 0 ? "must be a file path" : null;
        } catch (java.nio.file.InvalidPathException e) {
            return "must be a file path (" + e.getReason() + ")";
        }
    }

    private static @Nullable String host(String v) {
        if (v.isBlank()) {
            return "must not be empty";
        }
        return v.matches("[A-Za-z0-9.:\\-\\[\\]]+") ? null : "must be a host name or IP address";
    }

    private static @Nullable String origins(String v) {
        for (String origin : v.split(",")) {
            String o = origin.trim();
            if (!o.isEmpty() && httpUrl(o, false) != null) {
                return "must be a comma-separated list of origins such as https://overlay.example";
            }
        }
        return null;
    }

    private static @Nullable String wsUrl(String v, boolean emptyAllowed) {
        if (v.isEmpty()) {
            return emptyAllowed ? null : "must be a ws:// or wss:// URL";
        }
        try {
            URI uri = new URI(v.trim());
            return uri.getScheme() != null && (uri.getScheme().equals("ws") || uri.getScheme().equals("wss")) && uri.getHost() != null
                    ? null : "must be a ws:// or wss:// URL";
        } catch (URISyntaxException e) {
            return "must be a ws:// or wss:// URL";
        }
    }

    private static @Nullable String httpUrl(String v, boolean emptyAllowed) {
        if (v.isEmpty()) {
            return emptyAllowed ? null : "must be an http:// or https:// URL";
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return "must be an http:// or https:// URL";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be an http:// or https:// URL";
        }
    }


    /** True for names and addresses that only this machine can reach. */
    public static boolean isLoopback(String host) {
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // a host name other than localhost could resolve anywhere
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
