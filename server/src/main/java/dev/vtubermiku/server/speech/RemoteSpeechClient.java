package dev.vtubermiku.server.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.speech.audio.WavCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Speaks and hears through an OpenAI-compatible server ({@code /audio/speech},
 * {@code /audio/transcriptions}) with the JDK's HTTP client. Speech is asked for as {@code pcm}
 * (OpenAI's raw 24 kHz 16-bit mono), read as it arrives, so a server that breaks off mid-body is a
 * failure, not a short sentence. Every message it makes is redacted: the key never leaves in one.
 */
public final class RemoteSpeechClient {

    /** OpenAI's {@code pcm}: 24 kHz, signed 16-bit little-endian, mono. */
    public static final int PCM_RATE = 24_000;
    private static final Duration CONNECT = Duration.ofSeconds(5);
    /** Until the response's headers: a remote GPU may queue us behind others. */
    private static final Duration ANSWER = Duration.ofSeconds(60);
    /** A whole sentence's body or a whole transcription: beyond this the stream is cut. */
    private static final long BODY_SECONDS = 120;
    private static final int MAX_ERROR_BODY = 4096;
    /** 10 minutes of 24 kHz audio: a sentence never comes near it; a runaway server does. */
    private static final int MAX_AUDIO_BYTES = PCM_RATE * 2 * 600;

    private @Nullable HttpClient http;
    private final ObjectMapper json;
    private final UnaryOperator<String> masker;

    /** @param masker masks every configured secret (the logs' SecretMasker) */
    public RemoteSpeechClient(ObjectMapper json, UnaryOperator<String> masker) {
        this.json = json;
        this.masker = masker;
    }

    /**
     * Built on first use: building one loads the TLS trust store and starts a selector thread, which
     * cost every start-up time and resident memory although most setups never offload speech.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(CONNECT).version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** One piece of text spoken by the remote, read to its end. */
    public SpokenAudio speak(RemoteEndpoint endpoint, String text, String voice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", endpoint.model());
        body.put("input", text);
        body.put("voice", voice);
        body.put("response_format", "pcm");
        HttpRequest request;
        try {
            request = endpoint.request("/audio/speech", ANSWER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
        byte[] pcm = exchange(endpoint, request, "text to speech", MAX_AUDIO_BYTES);
        short[] samples = new short[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        }
        return new SpokenAudio(samples, PCM_RATE);
    }

    /** A recording transcribed by the remote ({@code verbose_json}, so segments and language come back too). */
    public Transcript transcribe(RemoteEndpoint endpoint, MonoAudio audio, @Nullable String language) {
        String boundary = "vtubermiku-" + UUID.randomUUID();
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        field(form, boundary, "model", endpoint.model());
        field(form, boundary, "response_format", "verbose_json");
        if (language != null) {
            field(form, boundary, "language", language);
        }
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"speech.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n";
        form.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        form.writeBytes(WavCodec.encode(audio));
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = endpoint.request("/audio/transcriptions", ANSWER)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build();
        byte[] answer = exchange(endpoint, request, "speech to text", 16 * 1024 * 1024);
        try {
            JsonNode node = json.readTree(answer);
            List<Transcript.Segment> segments = new ArrayList<>();
            for (JsonNode s : node.path("segments")) {
                segments.add(new Transcript.Segment(s.path("start").asDouble(), s.path("end").asDouble(), s.path("text").asText("").strip()));
            }
            String lang = language != null ? language : isoCode(node.path("language").asText(""));
            return new Transcript(node.path("text").asText("").strip(), lang, segments,
                    node.path("duration").asDouble(audio.seconds()));
        } catch (IOException e) {
            throw new RemoteSpeechException("speech to text at " + endpoint + " answered something that is not a transcript", 0);
        }
    }

    /** Whether the server answers at all ({@code GET /models}; any HTTP answer but 5xx counts, 401 too). */
    public @Nullable String unreachable(RemoteEndpoint endpoint) {
        try {
            HttpResponse<Void> response = http().send(endpoint.request("/models", Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 500 ? "it answers " + response.statusCode() : null;
        } catch (IOException e) {
            return describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private byte[] exchange(RemoteEndpoint endpoint, HttpRequest request, String what, int maxBytes) {
        String where = what + " at " + endpoint;
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(endpoint, where + " is unreachable: " + describe(e), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(endpoint, where + " was interrupted", 0);
        }
        try (InputStream in = response.body()) {
            // A stalled body must not hold her voice forever: the stream is closed under the reader.
            CompletableFuture.delayedExecutor(BODY_SECONDS, TimeUnit.SECONDS).execute(() -> closeQuietly(in));
            if (response.statusCode() != 200) {
                byte[] error = in.readNBytes(MAX_ERROR_BODY);
                throw failure(endpoint, where + " answered " + response.statusCode() + ": " + errorMessage(error), response.statusCode());
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw failure(endpoint, where + " sent more than " + maxBytes + " bytes", 0);
            }
            return body;
        } catch (IOException e) {
            throw failure(endpoint, where + " broke off: " + describe(e), 0);
        }
    }

    private RemoteSpeechException failure(RemoteEndpoint endpoint, String message, int status) {
        return new RemoteSpeechException(masker.apply(endpoint.redact(message)), status);
    }

    /** OpenAI's {@code error.message} when the body has that shape, else the body's start. */
    private String errorMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = json.readTree(body);
            JsonNode message = node.path("error").isObject() ? node.path("error").path("message") : node.path("detail");
            if (message.isTextual()) {
                text = message.asText();
            }
        } catch (IOException e) {
            // not JSON: the text as it came
        }
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text.isEmpty() ? "(no message)" : text;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closed already
        }
    }

    private static void field(ByteArrayOutputStream form, String boundary, String name, String value) {
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** OpenAI names the language ("english"); whisper servers and ours give the code. */
    static String isoCode(String language) {
        String l = language.trim().toLowerCase(Locale.ROOT);
        if (l.isEmpty()) {
            return "und";
        }
        if (l.length() <= 3) {
            return l;
        }
        for (String code : Locale.getISOLanguages()) {
            if (Locale.of(code).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT).equals(l)) {
                return code;
            }
        }
        return "und";
    }
}
