package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.core.voice.VoiceLoop;
import dev.vtubermiku.server.avatar.Avatars;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.LogRing;
import dev.vtubermiku.server.logging.SecretMasker;
import dev.vtubermiku.server.models.ModelLibrary;
import dev.vtubermiku.server.onair.OnAir;
import dev.vtubermiku.server.status.StatusReporter;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.training.VoiceTraining;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import io.javalin.openapi.plugin.OpenApiPlugin;
import io.javalin.openapi.plugin.swagger.SwaggerPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP and WebSocket server: every route in one place, guards and error mapping in front. */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** JSON bodies are small; uploads (a later feature) get their own limit on their own routes. */
    static final long MAX_BODY_BYTES = 1024 * 1024;
    /** OpenAPI 3.0 cannot describe a WebSocket, so the document says in words how /ws works. */
    private static final String DESCRIPTION = """
            Local-first AI VTuber studio. Errors are RFC 9457 problem details (application/problem+json). \
            When API_TOKEN is set, send it as a bearer token.

            **WebSocket `/ws`** (token as `?token=`): every event as one JSON text message, \
            `{"id", "type", "timestamp", "severity", "message", "data"}`, the same as `GET /api/events`. \
            `/ws?since=ID` first replays the stored events after ID, then goes live. \
            Send `{"type":"subscribe","topics":["chat.*","training.*"]}` to choose topics \
            (answered by `{"type":"subscribed"}`), `{"type":"ping"}` for `{"type":"pong","last_id":…}`. \
            Send `{"type":"chat","message":"…","character_id":1}` to chat: the reply streams as `chat.token` events \
            between `chat.message` and `chat.response` (all with one `turn_id`); a failure is an `error.occurred` event \
            and an error reply to the sender; closing the socket cancels the sender's unfinished replies. \
            `{"type":"gap","missed":N}` says N live log lines were too many for a slow client; stored \
            events are never lost. Bad messages are answered with `{"type":"error","problem":{…}}`.

            **Voice** on `/ws`: send `{"type":"voice.start","character_id":1}` (answered by \
            `{"type":"voice.started","voice":{…}}`), then binary messages of 16 kHz 16-bit little-endian mono PCM. \
            The character answers with binary audio frames (a 28-byte header: kind, flags, chunk, seq, sample rate, \
            turn id; then PCM) and `stt.transcript`, `chat.*`, `speech.started` / `speech.finished` events. \
            `{"type":"voice.stop"}` ends it. See README, "Voice loop".

            **Her voice** on `/ws`: send `{"type":"listen","as":"overlay"}` or `{"type":"listen","as":"desktop"}`             (answered by `{"type":"listen.started","listen":{"as","playback","hears"}}`) to receive the audio of             everything she says (typed chat with `speak`, the voice loop, her greeting, answers to viewers) as the             same binary frames, paced in real time, while the `VOICE_PLAYBACK` setting (`desktop`, `overlay` or             `both`; changeable with `POST /api/config`) includes that role; `{"type":"unlisten"}` stops             (`{"type":"listen.stopped"}`). Each chunk's `speech.started` (text, `turn_id`, `chunk`, `sample_rate`,             20 ms loudness `envelope`, `origin`, `emotion`) and `speech.finished` events match the frames' turn id;             after `speech.finished` with `interrupted: true` no more frames of that turn follow. A listener too slow             to take its frames loses some; it never delays her or the others.
            """;

    private final Javalin app;

    /** What the routes need from the rest of the backend. */
    public record Services(
            RuntimeConfig config,
            EventBus bus,
            ServiceMonitor monitor,
            StatusReporter status,
            LogRing logs,
            SecretMasker masker,
            ObjectMapper json,
            ThreadFactory socketSenders,
            String version,
            Characters characters,
            ModelLibrary models,
            Speech speech,
            ChatServices chat,
            VoiceTraining voice,
            VoiceLoop voiceLoop,
            dev.vtubermiku.server.audience.AudiencePipeline audience,
            OnAir onAir,
            Avatars avatars) {}

    /**
     * What the speech routes need: the engines behind their ports (offloaded to a remote when
     * configured), characters for their voices, this machine's own engines, which serve /v1,
     * and the store of her audio files.
     */
    public record Speech(TextToSpeech tts, SpeechToText stt, CharacterCatalog characters, TextToSpeech ownTts,
            SpeechToText ownStt, AudioFiles files) {}

    public ApiServer(Services services) {
        Settings settings = services.config().current();
        ObjectMapper json = services.json();
        Problems problems = new Problems(json, services.masker());
        RequestGuard guard = new RequestGuard(settings.apiToken(), settings.corsOrigins(),
                ConfigKey.isLoopback(settings.apiHost()));
        SystemController system = new SystemController(services.monitor(), services.status(), services.config(), json,
                services.version());
        EventController events = new EventController(services.bus().journal(), services.logs());
        CharacterController characters = new CharacterController(services.characters(), json);
        ModelController models = new ModelController(services.models());
        EventSocket socket = new EventSocket(services.bus(), new Envelopes(json), json, services.socketSenders(), 8192,
                services.chat(), new LiveVoiceSocket(services.voiceLoop(), services.chat().listeners()), services.masker());
        ChatController chat = new ChatController(services.chat(), json);
        MemoryController memories = new MemoryController(services.chat());
        SpeechController speech = new SpeechController(services.speech().tts(), services.speech().stt(),
                services.speech().characters(), services.config(), json, services.speech().files());
        OpenAiSpeechController openAi = new OpenAiSpeechController(services.speech().ownTts(), services.speech().ownStt(),
                services.config(), json);
        long uploadMax = settings.uploadMaxBytes();
        VoiceController voice = new VoiceController(services.voice(), json);
        TrainingController training = new TrainingController(services.voice().runs(), json);
        MetricsController metrics = new MetricsController(services.voiceLoop());
        AudienceController audience = new AudienceController(services.audience(), services.config(), json);
        OnAirController onAir = new OnAirController(services.onAir(), json);
        AvatarController avatars = new AvatarController(services.avatars(), services.config(), json);
        OverlayController overlay = new OverlayController();

        this.app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            // Uploads are parsed only on upload routes, each of which checks UPLOAD_MAX_MB first. Parts
            // stay in memory up to that size, so a refused or failed upload leaves nothing on disk.
            config.jetty.multipartConfig.maxFileSize(uploadMax, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(uploadMax, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, uploadMax), SizeUnit.BYTES);
            // A file part sent without a filename (the OpenAI SDKs do) counts as a form field to Jetty,
            // whose form limit (200 kB) would make a 500 of an ordinary upload. Forms are read only on
            // the upload routes, after their UPLOAD_MAX_MB check.
            config.jetty.modifyServletContextHandler(handler ->
                    handler.setMaxFormContentSize((int) Math.min(Integer.MAX_VALUE, uploadMax)));
            config.http.prefer405over404 = true;
            // Javalin answers a body Jetty cannot read (EofException: a bad chunk size, a cut body) with
            // this status and no exception; it is the client's fault, so a 400 problem, never a 500.
            config.jetty.clientAbortStatus = 400;
            config.jsonMapper(new MaskingJsonMapper(new JavalinJackson(json, true), services.masker()));
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler(json)));
            config.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxTextMessageSize(64 * 1024);
                ws.setMaxBinaryMessageSize(dev.vtubermiku.protocol.VoiceFrames.MAX_INPUT_BYTES);
                ws.setIdleTimeout(Duration.ofMinutes(5));
            });
            config.registerPlugin(new OpenApiPlugin(openapi -> openapi
                    .withDocumentationPath("/openapi.json")
                    .withDefinitionConfiguration((version, definition) -> definition
                            .withInfo(info -> info.title("VtuberMiku API").version(services.version())
                                    .description(DESCRIPTION))
                            .withSecurity(security -> security.withBearerAuth())
                            .withDefinitionProcessor(ApiServer::finishDocument))));
            config.registerPlugin(new SwaggerPlugin(swagger -> {
                swagger.setUiPath("/docs");
                swagger.setDocumentationPath("/openapi.json");
                swagger.setTitle("VtuberMiku API");
            }));
            config.router.mount(router -> {
                router.before(guard::http);
                router.wsBeforeUpgrade("/ws", ctx -> {
                    guard.upgrade(ctx);
                    socket.validateUpgrade(ctx);
                });
                router.get("/api/health", system::health);
                router.get("/api/status", system::status);
                router.get("/api/config", system::getConfig);
                router.post("/api/config", system::postConfig);
                router.get("/api/events", events::events);
                router.get("/api/logs", events::logs);
                router.get("/api/characters", characters::list);
                router.post("/api/characters", characters::create);
                router.post("/api/characters/import", characters::importCard);
                router.get("/api/characters/{id}", characters::get);
                router.put("/api/characters/{id}", characters::update);
                router.delete("/api/characters/{id}", characters::delete);
                router.post("/api/characters/{id}/restore", characters::restore);
                router.get("/api/characters/{id}/card", characters::exportCard);
                // Avatars (issue 11): uploads parse into temporary files under DATA_DIR, see AvatarController.
                router.before("/api/characters/{id}/avatar", avatars::beforeUpload);
                router.get("/api/characters/{id}/avatar", avatars::describe);
                router.put("/api/characters/{id}/avatar", avatars::upload);
                router.delete("/api/characters/{id}/avatar", avatars::remove);
                router.get("/api/characters/{id}/avatar/files/{name}", avatars::file);
                router.put("/api/characters/{id}/avatar/expressions", avatars::remap);
                router.post("/api/switch_character", characters::switchCharacter);
                router.get("/api/models", models::list);
                router.post("/api/models/{name}/pull", models::pull);
                router.post("/api/tts", speech::tts);
                router.get("/api/voices", speech::voices);
                router.before("/api/stt", ctx -> SpeechController.limitUpload(ctx, uploadMax));
                router.post("/api/stt", speech::stt);
                router.get("/api/audio/chat/{file}", speech::chatAudio);
                router.post("/api/chat", chat::chat);
                router.post("/api/characters/{id}/greeting", chat::greet);
                router.get("/api/chat/history", chat::history);
                router.get("/api/metrics/latency", metrics::latency);
                router.get("/api/characters/{id}/memories", memories::list);
                router.delete("/api/characters/{id}/memories", memories::forgetAll);
                router.delete("/api/characters/{id}/memories/{memoryId}", memories::forget);
                router.before("/api/voice/upload", ctx -> SpeechController.limitUpload(ctx, uploadMax));
                router.post("/api/voice/upload", voice::upload);
                router.get("/api/voice/uploads", voice::uploads);
                router.post("/api/voice/process", voice::process);
                router.get("/api/voice/process/{job_id}", voice::job);
                router.get("/api/voice/estimate", voice::estimate);
                router.get("/api/voice/clips", voice::clips);
                router.get("/api/voice/clips/{id}", voice::clip);
                router.patch("/api/voice/clips/{id}", voice::editClip);
                router.delete("/api/voice/clips/{id}", voice::deleteClip);
                router.get("/api/voice/clips/{id}/audio", voice::clipAudio);
                router.post("/api/voice/train", training::train);
                router.get("/api/voice/train", training::list);
                router.get("/api/voice/train/{id}", training::get);
                router.get("/api/voice/train/{id}/log", training::log);
                router.post("/api/voice/train/{id}/cancel", training::cancel);
                router.post("/api/voice/train/{id}/resume", training::resume);
                router.get("/api/voice/checkpoints", training::checkpoints);
                router.post("/api/voice/checkpoints/{id}/export", training::exportCheckpoint);
                // Her audience (issue 12): the queue of viewers' messages and its controls.
                router.get("/api/audience/queue", audience::queue);
                router.post("/api/audience/queue/{id}/answer", audience::answer);
                router.post("/api/audience/queue/{id}/skip", audience::skip);
                router.post("/api/audience/block", audience::block);
                router.put("/api/audience/hold", audience::hold);
                // OpenAI-compatible speech: the same guard, OpenAI's error shape (Problems.write).
                router.post("/v1/audio/speech", openAi::speech);
                router.before("/v1/audio/transcriptions", ctx -> SpeechController.limitUpload(ctx, uploadMax));
                router.post("/v1/audio/transcriptions", openAi::transcriptions);
                router.get("/v1/audio/voices", openAi::voices);
                router.get("/v1/models", openAi::models);
                // On air (issue 11): VTube Studio and OBS.
                router.get("/api/vts", onAir::vts);
                router.post("/api/vts/connect", onAir::vtsConnect);
                router.put("/api/vts/expressions", onAir::vtsExpressions);
                router.get("/api/obs", onAir::obs);
                router.post("/api/obs/connect", onAir::obsConnect);
                router.put("/api/obs/settings", onAir::obsSettings);
                router.ws("/ws", socket::configure);
                // The OBS browser source (issue 11): the page needs the token (?token=), its files do not.
                router.get("/overlay", overlay::page);
                router.get("/overlay/<path>", overlay::asset);
            });
            if (settings.debug()) {
                config.requestLogger.http((ctx, ms) ->
                        log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms)));
            }
        });
        problems.register(app);
    }

    /** Starts listening; the port is the configured one, or any free one when it is 0. */
    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /**
     * Two corrections to what the annotation processor generates. It names schema properties after
     * the Java record components, while the wire uses snake_case (the JSON mapper's naming
     * strategy). And it gives every operation an empty security list, which tells clients (and the
     * docs page's "Authorize") never to send the token; the token is optional, bearer when set.
     */
    static String finishDocument(ObjectNode document) {
        JsonNode schemas = document.path("components").path("schemas");
        schemas.forEach(schema -> renameProperties((ObjectNode) schema));
        document.path("paths").forEach(path -> path.forEach(operation -> {
            if (operation instanceof ObjectNode op) {
                op.remove("security");
            }
        }));
        ArrayNode security = document.putArray("security");
        security.addObject().putArray("BearerAuth");
        security.addObject();
        return document.toPrettyString();
    }

    private static void renameProperties(ObjectNode schema) {
        if (schema.get("properties") instanceof ObjectNode properties) {
            Map<String, JsonNode> renamed = new LinkedHashMap<>();
            properties.properties().forEach(p -> renamed.put(snake(p.getKey()), p.getValue()));
            properties.removeAll();
            renamed.forEach(properties::set);
        }
        if (schema.get("required") instanceof ArrayNode required) {
            List<String> names = new ArrayList<>();
            required.forEach(n -> names.add(snake(n.asText())));
            required.removeAll();
            names.forEach(required::add);
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
