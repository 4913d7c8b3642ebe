package dev.vtubermiku.server.speech;

import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * An OpenAI-compatible speech server that her voice or her hearing is offloaded to: its {@code /v1}
 * base, the bearer key (a secret: never in a message, see {@link #redact}) and the model to ask for.
 */
public record RemoteEndpoint(String baseUrl, String apiKey, String model) {

    /** The TTS_* keys; empty when TTS_BASE_URL is (the local Piper speaks). */
    public static Optional<RemoteEndpoint> tts(Settings settings) {
        return of(settings.get(ConfigKey.TTS_BASE_URL), settings.get(ConfigKey.TTS_API_KEY), settings.get(ConfigKey.TTS_MODEL));
    }

    /** The STT_* keys; empty when STT_BASE_URL is (the local Whisper hears). */
    public static Optional<RemoteEndpoint> stt(Settings settings) {
        return of(settings.get(ConfigKey.STT_BASE_URL), settings.get(ConfigKey.STT_API_KEY), settings.get(ConfigKey.STT_MODEL));
    }

    static Optional<RemoteEndpoint> of(String baseUrl, String apiKey, String model) {
        String base = baseUrl.trim().replaceAll("/+$", "");
        return base.isEmpty() ? Optional.empty() : Optional.of(new RemoteEndpoint(base, apiKey.trim(), model.trim()));
    }

    HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("User-Agent", "VtuberMiku");
        if (!apiKey.isEmpty()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    /** The text with this endpoint's key masked: a remote server may echo the key back in an error. */
    String redact(String text) {
        return apiKey.length() < 4 ? text : text.replace(apiKey, "****");
    }

    /** For status and messages: where, and which model (never the key). */
    @Override
    public String toString() {
        return baseUrl + " (model " + model + ")";
    }
}
