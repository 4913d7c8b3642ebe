package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.protocol.OpenAiError;
import dev.vtubermiku.protocol.OpenAiModels;
import dev.vtubermiku.protocol.OpenAiTranscript;
import dev.vtubermiku.protocol.OpenAiVoices;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.speech.StreamedSpeech;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.BadAudioException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiContentProperty;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Her voice and ears for other apps, in OpenAI's shapes: {@code /v1/audio/speech} (streamed as it is
 * synthesised), {@code /v1/audio/transcriptions}, {@code /v1/models}. Always this machine's Piper
 * and Whisper, never an offloaded remote, so two backends pointed at each other cannot bounce a
 * request between them. Errors here leave in OpenAI's shape ({@link OpenAiErrors}).
 */
final class OpenAiSpeechController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiSpeechController.class);
    /** OpenAI's voice names; each speaks with OPENAI_VOICE_MAP's choice, else the default voice. */
    static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova",
            "sage", "shimmer", "verse", "marin", "cedar");
    static final List<String> SPEECH_MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "piper");
    static final List<String> TRANSCRIPTION_MODELS = List.of("whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper");
    private static final Set<String> TRANSCRIPT_FORMATS = Set.of("json", "text", "verbose_json", "srt", "vtt");

    private final TextToSpeech tts;
    private final SpeechToText stt;
    private final RuntimeConfig config;
    private final ObjectMapper json;
    private final long created = System.currentTimeMillis() / 1000;

    OpenAiSpeechController(TextToSpeech tts, SpeechToText stt, RuntimeConfig config, ObjectMapper json) {
        this.tts = tts;
        this.stt = stt;
        this.config = config;
        this.json = json;
    }

    @OpenApi(path = "/v1/audio/speech", methods = HttpMethod.POST, tags = "openai",
            summary = "OpenAI-compatible text to speech with our Piper voices, streamed as it is synthesised",
            description = "JSON: `input` (at most TTS_MAX_CHARS), `voice` (one of GET /api/voices, or an OpenAI name such as "
                    + "alloy, mapped by OPENAI_VOICE_MAP, else the default voice), `model` (any; see GET /v1/models), "
                    + "`response_format` `mp3` (default, as OpenAI's; 64 kbps mono), `wav` (streamed, sizes 0xFFFFFFFF) or `pcm` (24 kHz "
                    + "16-bit LE mono), `speed` 0.25-4. opus, aac and flac are refused with 400 (no encoder). Errors in OpenAI's shape.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(type = "object")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "audio/wav", type = "string", format = "binary")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = OpenAiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = OpenAiError.class))
            })
    void speech(Context ctx) throws IOException {
        JsonNode body = JsonBodies.object(ctx, json);
        Settings settings = config.current();
        String input = string(body, "input");
        if (input == null || input.isBlank()) {
            throw ProblemException.invalidParam("input", "must be a non-empty string");
        }
        if (input.length() > settings.ttsMaxChars()) {
            throw ProblemException.invalidParam("input", "is " + input.length() + " characters long; at most "
                    + settings.ttsMaxChars() + " are accepted (TTS_MAX_CHARS)");
        }
        string(body, "model"); // any model: the voice decides how she sounds
        StreamedSpeech.Format format = format(string(body, "response_format"));
        double speed = speed(body.get("speed"));
        String streamFormat = string(body, "stream_format");
        if (streamFormat != null && !streamFormat.equals("audio")) {
            throw ProblemException.invalidParam("stream_format", "'" + streamFormat + "' is not offered; the audio itself is streamed (audio)");
        }
        String voice = voice(body.get("voice"), settings);
        VoiceInfo info;
        try {
            info = tts.voice(voice);
        } catch (UnknownVoiceException e) {
            throw ProblemException.invalidParam("voice", "names no voice ('" + e.voice() + "'); GET /v1/audio/voices lists them");
        } catch (SpeechUnavailableException e) {
            throw SpeechController.unavailable(e.getMessage(), e.fix());
        }
        if (input.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw ProblemException.invalidParam("input", "has no words to speak");
        }
        try {
            new StreamedSpeech(tts).stream(StreamedSpeech.pieces(input, settings.voiceSettings().firstChunkChars()), voice,
                    format, speed, rate -> {
                ctx.status(200).contentType(format.mediaType()).header("X-Voice", info.name())
                        .header("X-Sample-Rate", Integer.toString(rate));
                return ctx.res().getOutputStream();
            });
        } catch (IOException e) {
            log.debug("A /v1/audio/speech listener went away: {}", e.toString());
        } catch (TimeoutException | RuntimeException e) {
            if (ctx.res().isCommitted()) {
                log.warn("/v1/audio/speech ended early after its audio had begun: {}", e.toString());
                return;
            }
            throw switch (e) {
                case TimeoutException t -> SpeechController.unavailable("text to speech did not answer in time", "try again in a moment");
                case UnknownVoiceException u -> ProblemException.invalidParam("voice", "names no voice ('" + u.voice() + "')");
                case SpeechUnavailableException s -> SpeechController.unavailable(s.getMessage(), s.fix());
                case IllegalArgumentException i -> ProblemException.invalidParam("input", i.getMessage());
                default -> (RuntimeException) e;
            };
        }
    }

    /** Our voice names as they are; OpenAI's through OPENAI_VOICE_MAP ("*" for any), else the default (null). */
    private @Nullable String voice(@Nullable JsonNode node, Settings settings) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode id = node.isObject() ? node.get("id") : node; // {"id": "..."}: OpenAI's custom-voice form
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw ProblemException.invalidParam("voice", "must be a voice name such as alloy or one of GET /api/voices");
        }
        String name = id.asText().trim();
        Map<String, String> map = voiceMap(settings.get(ConfigKey.OPENAI_VOICE_MAP));
        if (map.containsKey(name)) {
            return map.get(name);
        }
        if (tts.voices().stream().anyMatch(v -> v.name().equals(name))) {
            return name;
        }
        if (OPENAI_VOICES.contains(name.toLowerCase(Locale.ROOT))) {
            return map.get("*");
        }
        return name; // refused by tts.voice with the list to choose from
    }

    static Map<String, String> voiceMap(String value) {
        Map<String, String> map = new java.util.HashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }

    private static StreamedSpeech.Format format(@Nullable String value) {
        String f = value == null ? "mp3" : value.toLowerCase(Locale.ROOT); // OpenAI's default
        return switch (f) {
            case "wav" -> StreamedSpeech.Format.WAV;
            case "pcm" -> StreamedSpeech.Format.PCM;
            case "mp3" -> StreamedSpeech.Format.MP3;
            case "opus", "aac", "flac" -> throw new ProblemException(400, Problems.type("unsupported-response-format"),
                    "Unsupported response format", "response_format '" + f + "' is not available here (no " + f
                    + " encoder is bundled); use mp3, wav or pcm", List.of(new dev.vtubermiku.protocol.Problem.FieldError(
                            "response_format", "must be mp3, wav or pcm")));
            default -> throw ProblemException.invalidParam("response_format", "must be mp3, wav or pcm (was '" + value + "')");
        };
    }

    private static double speed(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return 1.0;
        }
        if (!node.isNumber() || node.asDouble() < 0.25 || node.asDouble() > 4.0) {
            throw ProblemException.invalidParam("speed", "must be a number from 0.25 to 4.0");
        }
        return node.asDouble();
    }

    private static @Nullable String string(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ProblemException.invalidParam(field, "must be a string");
        }
        return node.asText();
    }

    @OpenApi(path = "/v1/audio/transcriptions", methods = HttpMethod.POST, tags = "openai",
            summary = "OpenAI-compatible speech to text with our Whisper",
            description = "Multipart: `file` (WAV, MP3, Ogg Vorbis or FLAC), `model` (any; see GET /v1/models), `language` "
                    + "(ISO 639-1), `prompt` and `temperature` (accepted, not used), `response_format` json (default), text, "
                    + "verbose_json (with segments), srt or vtt; `timestamp_granularities[]` segment (word is refused: "
                    + "whisper-jni gives no word times). Limits as /api/stt. Errors in OpenAI's shape.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(mimeType = "multipart/form-data",
                    properties = {
                        @OpenApiContentProperty(name = "file", type = "string", format = "binary"),
                        @OpenApiContentProperty(name = "model", type = "string"),
                        @OpenApiContentProperty(name = "language", type = "string"),
                        @OpenApiContentProperty(name = "response_format", type = "string")
                    })),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = OpenAiTranscript.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = OpenAiError.class)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = OpenAiError.class)),
                @OpenApiResponse(status = "415", content = @OpenApiContent(from = OpenAiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = OpenAiError.class))
            })
    void transcriptions(Context ctx) throws IOException {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ProblemException(415, Problems.type("unsupported-media-type"), "Unsupported media type",
                    "Send the audio as multipart/form-data with a file field named 'file'.", null);
        }
        MultipartForms.files(ctx); // parses the form once: a broken body or file name is a 400, not a 500
        String format = blankToNull(ctx.formParam("response_format"));
        format = format == null ? "json" : format.toLowerCase(Locale.ROOT);
        if (!TRANSCRIPT_FORMATS.contains(format)) {
            throw ProblemException.invalidParam("response_format", "must be json, text, verbose_json, srt or vtt (was '" + format + "')");
        }
        List<String> granularities = Stream.concat(ctx.formParams("timestamp_granularities[]").stream(),
                ctx.formParams("timestamp_granularities").stream()).toList();
        for (String g : granularities) {
            if (!g.equals("segment")) {
                throw ProblemException.invalidParam("timestamp_granularities", "'" + g + "' is not available; segment is"
                        + (g.equals("word") ? " (whisper-jni gives no word times)" : ""));
            }
        }
        String language = blankToNull(ctx.formParam("language"));
        byte[] bytes = file(ctx);
        Transcript transcript;
        try {
            transcript = stt.transcribe(AudioDecoder.decode(bytes, new AudioLimits(2, config.current().sttMaxSeconds())).mono(), language);
        } catch (BadAudioException e) {
            throw SpeechController.badAudio(e);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParam("language", e.getMessage());
        } catch (SpeechUnavailableException e) {
            throw SpeechController.unavailable(e.getMessage(), e.fix());
        }
        switch (format) {
            case "text" -> ctx.contentType("text/plain; charset=utf-8").result(transcript.text() + "\n");
            case "srt" -> ctx.contentType("application/x-subrip; charset=utf-8").result(Subtitles.srt(transcript));
            case "vtt" -> ctx.contentType("text/vtt; charset=utf-8").result(Subtitles.vtt(transcript));
            case "verbose_json" -> ctx.json(verbose(transcript));
            default -> ctx.json(OpenAiTranscript.plain(transcript.text()));
        }
    }

    /** The {@code file} part, also when it comes without a filename (as the OpenAI SDKs send it). */
    private static byte[] file(Context ctx) throws IOException {
        List<UploadedFile> files = ctx.uploadedFiles("file");
        if (files.size() > 1) {
            throw ProblemException.invalidParam("file", "must be a single file");
        }
        try (InputStream in = files.isEmpty() ? unnamedPart(ctx) : files.getFirst().content()) {
            if (in == null) {
                throw ProblemException.invalidParam("file", "is missing: send the audio as a multipart file field named 'file'");
            }
            return in.readAllBytes();
        }
    }

    private static @Nullable InputStream unnamedPart(Context ctx) throws IOException {
        try {
            Part part = ctx.req().getPart("file");
            return part == null ? null : part.getInputStream();
        } catch (ServletException e) {
            throw ProblemException.badRequest("The multipart body cannot be read: " + e.getMessage());
        }
    }

    private static OpenAiTranscript verbose(Transcript t) {
        List<OpenAiTranscript.Segment> segments = new ArrayList<>();
        for (Transcript.Segment s : t.segments()) {
            segments.add(new OpenAiTranscript.Segment(segments.size(), (int) Math.round(s.start() * 100), s.start(), s.end(),
                    s.text(), List.of(), 0.0, 0.0, 1.0, 0.0));
        }
        String language = t.language().equals("und") ? "unknown"
                : Locale.of(t.language()).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
        return new OpenAiTranscript("transcribe", language, t.duration(), t.text(), segments, null);
    }

    @OpenApi(path = "/v1/models", methods = HttpMethod.GET, tags = "openai",
            summary = "The model names /v1/audio/speech and /v1/audio/transcriptions answer to (OpenAI's list shape)",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = OpenAiModels.class)))
    void models(Context ctx) {
        ctx.json(new OpenAiModels(Stream.concat(SPEECH_MODELS.stream(), TRANSCRIPTION_MODELS.stream())
                .map(id -> new OpenAiModels.Model(id, "model", created, "vtubermiku")).toList()));
    }

    @OpenApi(path = "/v1/audio/voices", methods = HttpMethod.GET, tags = "openai",
            summary = "The voices /v1/audio/speech speaks with: ours (GET /api/voices), then OpenAI's names",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = OpenAiVoices.class)))
    void voices(Context ctx) {
        List<OpenAiVoices.Voice> voices = new ArrayList<>();
        tts.voices().forEach(v -> voices.add(new OpenAiVoices.Voice(v.name(), v.name())));
        OPENAI_VOICES.stream().sorted().forEach(v -> voices.add(new OpenAiVoices.Voice(v, v)));
        ctx.json(new OpenAiVoices(voices));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
