package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.TranscriptResponse;
import dev.vtubermiku.protocol.TtsRequest;
import dev.vtubermiku.protocol.VoicesResponse;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.speech.SpokenReplies;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.BadAudioException;
import dev.vtubermiku.speech.audio.DecodedAudio;
import dev.vtubermiku.speech.audio.WavCodec;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiContentProperty;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import dev.vtubermiku.server.store.files.AudioFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Text to speech, speech to text and the voices. */
final class SpeechController {

    /** A request waits at most this long for Piper (it may be behind many others). */
    private static final long TTS_TIMEOUT_SECONDS = 120;

    private final TextToSpeech tts;
    private final SpeechToText stt;
    private final CharacterCatalog characters;
    private final RuntimeConfig config;
    private final ObjectMapper json;
    private final AudioFiles files;

    SpeechController(TextToSpeech tts, SpeechToText stt, CharacterCatalog characters, RuntimeConfig config, ObjectMapper json,
            AudioFiles files) {
        this.files = files;
        this.tts = tts;
        this.stt = stt;
        this.characters = characters;
        this.config = config;
        this.json = json;
    }

    @OpenApi(path = "/api/tts", methods = HttpMethod.POST, tags = "speech",
            summary = "Speak text with a Piper voice; returns a 16-bit mono WAV at the voice's rate",
            description = "`voice` (from GET /api/voices) wins over `character_id`; a character without a voice, or no "
                    + "choice at all, uses the default voice (PIPER_MODEL_PATH). Text longer than TTS_MAX_CHARS is refused. "
                    + "Requests are served one at a time in arrival order (Piper is single-threaded).",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = TtsRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "audio/wav", type = "string", format = "binary")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void tts(Context ctx) throws Exception {
        JsonNode body = JsonBodies.object(ctx, json);
        TtsRequest request = json.treeToValue(body, TtsRequest.class);
        String text = request.text();
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidParam("text", "must be a non-empty string");
        }
        int max = config.current().ttsMaxChars();
        if (text.length() > max) {
            throw ProblemException.invalidParam("text", "is " + text.length() + " characters long; at most " + max
                    + " are accepted (TTS_MAX_CHARS)");
        }
        String voice = voiceFor(request);
        SpokenAudio audio;
        try {
            audio = tts.synthesize(text, voice).get(TTS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("text to speech did not answer within " + TTS_TIMEOUT_SECONDS + " s", "try again in a moment");
        }
        ctx.header("X-Voice", voice == null ? tts.voice(null).name() : voice);
        ctx.header("X-Audio-Duration", String.format(Locale.ROOT, "%.3f", audio.seconds()));
        ctx.contentType("audio/wav").result(WavCodec.encode(audio));
    }

    private @Nullable String voiceFor(TtsRequest request) {
        if (request.voice() != null) {
            if (request.voice().isBlank()) {
                throw ProblemException.invalidParam("voice", "must not be blank (leave it out for the default voice)");
            }
            return request.voice();
        }
        if (request.characterId() != null) {
            Persona persona = characters.find(request.characterId())
                    .orElseThrow(() -> ProblemException.notFound("There is no character with id " + request.characterId() + "."));
            String wanted = persona.voice();
            // Her voice not installed (yet): speak with the default one, as chat does, rather than refuse
            // a request that named no voice at all. X-Voice says which voice spoke.
            boolean installed = wanted != null && tts.voices().stream().anyMatch(v -> v.name().equals(wanted));
            return installed ? wanted : null;
        }
        return null;
    }

    private RuntimeException translate(Throwable cause) {
        return switch (cause) {
            case UnknownVoiceException u -> ProblemException.invalidParam("voice", "names no voice ('" + u.voice()
                    + "'); GET /api/voices lists them");
            case SpeechUnavailableException s -> unavailable(s.getMessage(), s.fix());
            case IllegalArgumentException i -> ProblemException.badRequest(i.getMessage());
            case RuntimeException r -> r;
            default -> new IllegalStateException(cause);
        };
    }

    static ProblemException unavailable(String what, String fix) {
        // Status fixes read "no Piper voice: run ..."; when the detail already names what is
        // missing ("no Piper voice at <path>"), only the action is added, not the label again.
        int colon = fix.indexOf(": ");
        String action = colon > 0 && what.startsWith(fix.substring(0, colon)) ? fix.substring(colon + 2) : fix;
        return new ProblemException(503, Problems.type("model-unavailable"), "Service unavailable", what + ": " + action, null);
    }

    @OpenApi(path = "/api/voices", methods = HttpMethod.GET, tags = "speech",
            summary = "The Piper voices found in MODELS_DIR/piper and the default voice",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = VoicesResponse.class)))
    void voices(Context ctx) {
        List<VoiceInfo> voices = tts.voices();
        String defaultVoice = voices.stream().filter(VoiceInfo::isDefault).map(VoiceInfo::name).findFirst().orElse(null);
        ctx.json(new VoicesResponse(voices.stream().map(v -> new VoicesResponse.Voice(v.name(), v.language(), v.sampleRate(),
                v.quality(), v.speaker(), v.lengthScale(), v.noiseScale(), v.noiseW(), v.isDefault())).toList(), defaultVoice));
    }

    @OpenApi(path = "/api/stt", methods = HttpMethod.POST, tags = "speech",
            summary = "Transcribe an audio file (WAV, MP3, Ogg Vorbis or FLAC) with Whisper",
            description = "Multipart form: `file` (the audio; recognised by its content, not its name) and optionally "
                    + "`language` (ISO 639-1; without it multilingual models detect the language, English-only models "
                    + "report en). Mono or stereo, at most STT_MAX_SECONDS long and UPLOAD_MAX_MB large. Nothing is "
                    + "written to disk.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(mimeType = "multipart/form-data",
                    properties = {
                        @OpenApiContentProperty(name = "file", type = "string", format = "binary"),
                        @OpenApiContentProperty(name = "language", type = "string")
                    })),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TranscriptResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "415", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void stt(Context ctx) throws IOException {
        long start = System.nanoTime();
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ProblemException(415, Problems.type("unsupported-media-type"), "Unsupported media type",
                    "Send the audio as multipart/form-data with a file field named 'file'.", null);
        }
        List<UploadedFile> files = MultipartForms.files(ctx, "file");
        if (files.isEmpty()) {
            files = MultipartForms.files(ctx);
        }
        if (files.size() != 1) {
            throw ProblemException.invalidParam("file", files.isEmpty() ? "is missing: send the audio as a multipart file field named 'file'"
                    : "must be a single file");
        }
        String language = ctx.formParam("language");
        if (language != null && language.isBlank()) {
            language = null;
        }
        byte[] bytes;
        try (InputStream in = files.getFirst().content()) {
            bytes = Bodies.readExactly(in, files.getFirst().size());
        }
        Settings settings = config.current();
        DecodedAudio decoded;
        try {
            decoded = AudioDecoder.decode(bytes, new AudioLimits(2, settings.sttMaxSeconds()));
        } catch (BadAudioException e) {
            throw badAudio(e);
        }
        MonoAudio audio = decoded.mono();
        Transcript transcript;
        try {
            transcript = stt.transcribe(audio, language);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParam("language", e.getMessage());
        } catch (SpeechUnavailableException e) {
            throw unavailable(e.getMessage(), e.fix());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ctx.json(new TranscriptResponse(transcript.text(), transcript.language(), transcript.segments().stream()
                .map(s -> new TranscriptResponse.Segment(s.start(), s.end(), s.text())).toList(), transcript.duration(), ms));
    }

    static ProblemException badAudio(BadAudioException e) {
        return switch (e.reason()) {
            case EMPTY, DAMAGED -> new ProblemException(400, Problems.type("bad-audio"), "Unreadable audio", e.getMessage(), null);
            case NOT_AUDIO -> new ProblemException(415, Problems.type("unsupported-audio"), "Unsupported audio", e.getMessage(), null);
            case OUT_OF_LIMITS -> new ProblemException(422, Problems.type("audio-out-of-limits"), "Audio out of limits", e.getMessage(), null);
        };
    }

    /** Refuses an upload larger than UPLOAD_MAX_MB from its Content-Length, before anything is read. */
    static void limitUpload(Context ctx, long maxBytes) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxBytes) {
            throw new ProblemException(413, Problems.type("payload-too-large"), "Content too large", "The upload is "
                    + length / (1024 * 1024) + " MB; at most " + maxBytes / (1024 * 1024) + " MB are accepted (UPLOAD_MAX_MB).", null);
        }
    }

    @OpenApi(path = "/api/audio/chat/{file}", methods = HttpMethod.GET, tags = "speech",
            summary = "A spoken chat reply (16-bit mono WAV), as named by audio_url in the chat response",
            pathParams = @io.javalin.openapi.OpenApiParam(name = "file", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "audio/wav", type = "string", format = "binary")),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void chatAudio(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        // Only names the app made itself: a client's path never reaches the file system.
        Path path = config.current().dataDir().resolve(SpokenReplies.FOLDER).resolve(file);
        if (!SpokenReplies.FILE_NAME.matcher(file).matches() || !Files.isRegularFile(path)) {
            throw ProblemException.notFound("There is no spoken reply " + file + ".");
        }
        // Decrypted on the fly (a sealed file is streamed chunk by chunk, never held whole).
        ctx.contentType("audio/wav").header("Cache-Control", "max-age=31536000, immutable").result(files.open(path));
    }
}
