package dev.vtubermiku.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatSettings;
import dev.vtubermiku.core.chat.ReplyVoice;
import dev.vtubermiku.core.chat.GuardedLanguageModel;
import dev.vtubermiku.core.chat.LanguageModel;
import dev.vtubermiku.core.chat.StreamLimits;
import dev.vtubermiku.core.chat.VectorMemory;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.voice.VoiceLoop;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.audience.ChatConnectors;
import dev.vtubermiku.server.audience.AudiencePipeline;
import dev.vtubermiku.server.audience.GuardedReplyVoice;
import dev.vtubermiku.server.avatar.Avatars;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.chat.StoreChatHistory;
import dev.vtubermiku.server.chat.StoreMemoryVault;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.llm.LlmRouter;
import dev.vtubermiku.server.llm.MiniLmEmbedder;
import dev.vtubermiku.server.llm.RedactedLanguageModel;
import dev.vtubermiku.server.llm.RoutedLanguageModel;
import dev.vtubermiku.server.logging.LogEntryEvents;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.metrics.HostMetrics;
import dev.vtubermiku.server.models.DownloadPolicy;
import dev.vtubermiku.server.models.ModelCatalog;
import dev.vtubermiku.server.models.ModelLibrary;
import dev.vtubermiku.server.models.PullEvents;
import dev.vtubermiku.server.models.StarterModels;
import dev.vtubermiku.server.onair.OnAir;
import dev.vtubermiku.server.probe.DatabaseProbe;
import dev.vtubermiku.server.probe.LlmProbe;
import dev.vtubermiku.server.probe.TrainerProbe;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.speech.OffloadedSpeechToText;
import dev.vtubermiku.server.speech.OffloadedTextToSpeech;
import dev.vtubermiku.server.speech.RemoteEndpoint;
import dev.vtubermiku.server.speech.RemoteSpeechClient;
import dev.vtubermiku.server.speech.SpeechEngines;
import dev.vtubermiku.server.speech.SpeechOffload;
import dev.vtubermiku.server.speech.SpeakingPath;
import dev.vtubermiku.server.speech.VoiceListeners;
import dev.vtubermiku.server.status.StatusReporter;
import dev.vtubermiku.server.store.BackendStore;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.EventRetention;
import dev.vtubermiku.server.store.JdbiEventJournal;
import dev.vtubermiku.server.web.ApiServer;
import dev.vtubermiku.server.web.ChatServices;
import dev.vtubermiku.speech.NativeCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the backend together and runs it: the one place where components are created. */
public final class App implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** all-MiniLM-L6-v2 cosine below which a memory is unrelated enough to leave out of a prompt. */
    static final double MEMORY_MIN_SCORE = 0.3;

    private final Database database;
    private final EventBus bus;
    private final ScheduledExecutorService scheduler;
    private final ApiServer server;
    private final Logs logs;
    private final ExecutorService pulls;
    private final ModelLibrary models;
    private final SpeechEngines speech;
    private final ExecutorService chatIo;
    private final ExecutorService memoryWorker;
    private final TrainingWiring voice;
    private final OnAir onAir;

    /** Voice training's parts that need closing: its runs (a trainer process) and its threads. */

    private final ExecutorService voiceWork;
    private final AudiencePipeline audience;
    /** Sentences for a remote TTS_BASE_URL, one at a time in order. */
    private final ExecutorService remoteTtsQueue;
    private final ChatConnectors chatConnectors;

    /**
     * Wraps or replaces the speech engines where the backend uses them: for tests and benchmarks
     * that need a transcript the fixture models cannot produce, or a voice that is not silence.
     */
    public record EngineWrappers(UnaryOperator<SpeechToText> stt, UnaryOperator<TextToSpeech> tts) {
        public static final EngineWrappers NONE = new EngineWrappers(UnaryOperator.identity(), UnaryOperator.identity());
    }

    private App(Database database, EventBus bus, ScheduledExecutorService scheduler, ApiServer server, Logs logs,
            ExecutorService pulls, ModelLibrary models, SpeechEngines speech, ExecutorService chatIo,
            ExecutorService memoryWorker, TrainingWiring voice, ExecutorService voiceWork, ExecutorService remoteTtsQueue,
            ChatConnectors chatConnectors, AudiencePipeline audience, OnAir onAir) {
        this.chatConnectors = chatConnectors;
        this.audience = audience;
        this.remoteTtsQueue = remoteTtsQueue;
        this.onAir = onAir;
        this.voice = voice;
        this.voiceWork = voiceWork;
        this.speech = speech;
        this.database = database;
        this.bus = bus;
        this.scheduler = scheduler;
        this.server = server;
        this.logs = logs;
        this.pulls = pulls;
        this.models = models;
        this.chatIo = chatIo;
        this.memoryWorker = memoryWorker;
    }

    public static String version() {
        String v = App.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Opens the store, starts the services and listens on API_HOST:API_PORT (0: any free port).
     *
     * @param config the validated configuration, changeable at runtime
     * @param logs logging as installed by the caller; its live stream is connected to the event bus
     */
    public static App start(RuntimeConfig config, Logs logs) {
        return start(config, logs, EngineWrappers.NONE);
    }

    /** The same, with the speech engines wrapped (tests, benchmarks). */
    public static App start(RuntimeConfig config, Logs logs, EngineWrappers wrappers) {
        return start(config, logs, wrappers, null);
    }

    /** The same, with a model catalog of the caller's instead of the built-in one (tests against a local mirror). */
    public static App start(RuntimeConfig config, Logs logs, EngineWrappers wrappers, @Nullable ModelCatalog catalog) {
        Settings settings = config.current();
        Clock clock = Clock.systemUTC();
        ThreadFactory virtual = Thread.ofVirtual().name("vt-", 0).factory();
        ObjectMapper json = Json.newMapper();
        createFolders(settings);
        // Encryption at rest (opt-in): a key that does not fit the store stops the start with one line.
        DataKey dataKey = DataKey.from(settings).orElse(null);
        logs.masker().secrets(secrets(settings, dataKey));

        Database database = BackendStore.open(settings.databaseFile(), dataKey);
        AudioFiles audioFiles = new AudioFiles(dataKey);
        EventBus bus = new EventBus(new JdbiEventJournal(database, json), clock, virtual, logs.masker());
        Characters characters = new Characters(database, bus, clock, settings.dataDir().resolve("avatars"), json);
        characters.seedStarters();
        logs.liveSink(new LogEntryEvents(bus));

        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Thread.ofVirtual().name("sched-", 0).factory());
        try {
            NativeCache.use(NativeCache.defaultRoot()); // unpacked once per version, not per start into /tmp
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot prepare the native library cache {}; libraries unpack into the temp folder", NativeCache.defaultRoot(), e);
        }
        SpeechEngines speech = new SpeechEngines(config, bus);
        // Her voice and ears: this machine's engines (which also serve /v1/audio/*), offloaded to an
        // OpenAI-compatible server when TTS_BASE_URL / STT_BASE_URL are set, the local ones standing in.
        TextToSpeech ownTts = wrappers.tts().apply(speech.tts());
        SpeechToText ownStt = wrappers.stt().apply(speech.stt());
        RemoteSpeechClient remoteSpeech = new RemoteSpeechClient(json, logs.masker()::mask);
        SpeechOffload ttsOffload = new SpeechOffload(ServiceId.TTS, "the local Piper", RemoteEndpoint::tts, config::current,
                remoteSpeech, bus, clock);
        SpeechOffload sttOffload = new SpeechOffload(ServiceId.STT, "the local Whisper", RemoteEndpoint::stt, config::current,
                remoteSpeech, bus, clock);
        ExecutorService remoteTtsQueue = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("remote-tts").factory());
        TextToSpeech tts = new OffloadedTextToSpeech(ownTts, ttsOffload, () -> config.current().get(ConfigKey.TTS_VOICE),
                remoteTtsQueue);
        SpeechToText stt = new OffloadedSpeechToText(ownStt, sttOffload);
        LlmRouter llmRouter = new LlmRouter(config::current, clock, json);
        // Model downloads: one virtual thread per pull; progress and outcome become model.* events, and a
        // finished pull is loaded by its engine and that service's status refreshed at once.
        ExecutorService pulls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("pull-", 0).factory());
        DownloadPolicy downloads = DownloadPolicy.defaults(version());
        ModelLibrary models = new ModelLibrary(catalog == null ? ModelCatalog.builtIn(json) : catalog,
                () -> config.current().modelsDir(), () -> config.current().modelMirror(),
                () -> ModelLibrary.httpClient(downloads), downloads, pulls, scheduler, json);
        models.addListener(new PullEvents(bus, clock, Duration.ofMillis(250)));
        // First start: the default voice, Whisper model and VAD, fetched in the background when missing.
        StarterModels starters = new StarterModels(models, () -> new StarterModels.Wanted(config.current().piperModelPath(),
                config.current().whisperModelFile(), config.current().vadModelPath()));
        List<ServiceProbe> probes = new ArrayList<>(List.of(new DatabaseProbe(database), new LlmProbe(config::current, llmRouter)));
        for (ServiceProbe probe : speech.probes().stream().map(starters::explain).toList()) {
            probes.add(switch (probe.service()) {
                case TTS -> ttsOffload.probe(probe);
                case STT -> sttOffload.probe(probe);
                default -> probe;
            });
        }
        probes.add(new TrainerProbe(config::current));
        OnAir onAir = OnAir.create(config, bus, database, logs.masker(), json, clock, OnAir.Timing.DEFAULT);
        probes.addAll(onAir.probes());
        ServiceMonitor monitor = new ServiceMonitor(probes, clock, scheduler);
        CompletableFuture<HostMetrics> metrics =
                CompletableFuture.supplyAsync(() -> new HostMetrics(settings.dataDir()), scheduler);
        StatusReporter status = new StatusReporter(monitor, metrics, bus, clock, version(), starters::downloads);
        ttsOffload.onChange(() -> monitor.refresh(ServiceId.TTS));
        sttOffload.onChange(() -> monitor.refresh(ServiceId.STT));

        config.onChange(changed -> {
            logs.level(changed.logLevel(), changed.debug());
            logs.masker().secrets(secrets(changed, dataKey));
            for (ServiceId id : List.of(ServiceId.LLM, ServiceId.STT, ServiceId.TTS, ServiceId.VAD, ServiceId.TRAINER)) {
                monitor.refresh(id);
            }
        });

        models.onInstalled((entry, files) -> {
            SpeechEngines.Kind kind = switch (entry.kind()) {
                case PIPER -> SpeechEngines.Kind.TTS;
                case WHISPER -> SpeechEngines.Kind.STT;
                case VAD -> SpeechEngines.Kind.VAD;
                case CHECKPOINT -> null; // read by the trainer when a run starts; nothing to load
            };
            if (kind != null) {
                speech.reload(kind); // a pulled model is used without a restart
                monitor.refresh(ServiceId.valueOf(kind.name()));
            }
        });

        // Chat: LLM streams and reply preparation on virtual threads (I/O); embeddings, which are CPU
        // work in native code, one at a time on a platform thread of their own, off the reply path.
        ExecutorService chatIo = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("chat-", 0).factory());
        ExecutorService memoryWorker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("memory-embedder").daemon().factory());
        StoreChatHistory history = new StoreChatHistory(database, logs.masker());
        VectorMemory memory = new VectorMemory(new MiniLmEmbedder(), new StoreMemoryVault(database), memoryWorker, clock,
                MEMORY_MIN_SCORE, Duration.ofSeconds(5));
        // Her reply passes the masker as it streams in, so no configured secret reaches tokens, history or voice.
        LanguageModel llm = new GuardedLanguageModel(new RedactedLanguageModel(new RoutedLanguageModel(llmRouter, config::current, chatIo),
                logs.masker()), scheduler,
                () -> new StreamLimits(config.current().llmFirstTokenTimeout(), config.current().llmIdleTimeout(),
                        config.current().llmRetries(), Duration.ofMillis(500)));
        // Voice loop, her voice: transcriptions, history writes, audio players (they sleep between frames).
        ExecutorService voiceWork = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("voice-", 0).factory());
        // speak:true replies stream to the /ws listeners as they are written; each is kept under DATA_DIR/audio/chat.
        VoiceListeners listeners = new VoiceListeners(() -> VoiceListeners.Playback.of(config.current().voicePlayback())
                .orElse(VoiceListeners.Playback.DESKTOP), virtual);
        SpeakingPath voice = SpeakingPath.of(tts, bus, voiceWork, clock, listeners, () -> config.current().voiceSettings(),
                () -> config.current().dataDir(), audioFiles);
        // A reply with a word of AUDIENCE_BLOCKLIST is not spoken, whoever she answers: the word never reaches her voice.
        ReplyVoice guarded = new GuardedReplyVoice(voice, GuardedReplyVoice.blocklist(config));
        ChatEngine chat = new ChatEngine(characters, history, memory, llm, guarded, bus, clock, chatIo,
                () -> new ChatSettings(config.current().chatHistoryTokens(), config.current().chatMemoryRecall()));
        VoiceLoop voiceLoop = new VoiceLoop(chat, history, characters, stt, tts, speech.vad(), bus, clock, voiceWork,
                () -> config.current().voiceSettings());

        // Her audience: viewers' chat filtered and queued, answered through the same chat engine (issue 12).
        AudiencePipeline audience = AudiencePipeline.start(config, chat, characters, bus, clock);
        TrainingWiring voiceParts = TrainingWiring.start(config, database, bus, clock, json, scheduler, models, characters, speech, audioFiles);

        Avatars avatars = new Avatars(database, characters, audioFiles, () -> config.current().dataDir(), bus, clock, json);
        characters.onDeleted(avatars::forget); // her uploaded avatar's files go with her
        ApiServer server;
        try {
            server = new ApiServer(new ApiServer.Services(config, bus, monitor, status, logs.ring(), logs.masker(), json, virtual, version(),
                    characters, models, new ApiServer.Speech(tts, stt, characters, ownTts, ownStt, audioFiles),
                    new ChatServices(chat, history, memory, characters, voice, listeners), voiceParts.training(), voiceLoop, audience,
                    onAir, avatars))
                    .start(settings.apiHost(), settings.apiPort());
        } catch (RuntimeException e) {
            audience.close();
            voiceParts.close();
            pulls.shutdownNow();
            chatIo.shutdownNow();
            voiceWork.shutdownNow();
            memoryWorker.shutdownNow();
            remoteTtsQueue.shutdownNow();
            scheduler.shutdownNow();
            speech.close();
            bus.close();
            database.close();
            throw e;
        }
        monitor.start();
        // Her audience: Twitch / YouTube chat (restarted when their keys change) into the audience pipeline, and her
        // replies back through the same connectors (their posters follow whichever connector runs now).
        ChatConnectors chatConnectors = new ChatConnectors(config::current, monitor, clock, scheduler);
        config.onChange(chatConnectors::reconfigure);
        audience.posters(chatConnectors.posters());
        chatConnectors.start(audience);
        onAir.start(monitor);
        status.start(scheduler, Duration.ofSeconds(5));
        if (settings.autoPull()) {
            starters.pullMissing(pulls);
        }
        new EventRetention(database, () -> config.current().eventRetentionDays(), clock).start(scheduler);
        log.info("VtuberMiku {} listening on http://{}:{} (API docs: /docs)", version(), settings.apiHost(), server.port());
        return new App(database, bus, scheduler, server, logs, pulls, models, speech, chatIo, memoryWorker, voiceParts,
                voiceWork, remoteTtsQueue, chatConnectors, audience, onAir);
    }

    public int port() {
        return server.port();
    }

    public EventBus bus() {
        return bus;
    }

    public Database database() {
        return database;
    }

    /** The model manager: catalog, installed state, pulls; {@code onInstalled} is where engines hear of new models. */
    public ModelLibrary models() {
        return models;
    }

    /** Her audience pipeline: the sink chat connectors deliver to. */
    public AudiencePipeline audience() {
        return audience;
    }

    /** The speech engines; {@code speech().reload(kind)} loads a freshly pulled model at once. */
    public SpeechEngines speech() {
        return speech;
    }

    @Override
    public void close() {
        log.info("Shutting down");
        server.close();
        chatConnectors.close();
        audience.close();
        voice.close();
        onAir.close(); // before the bus: its subscription ends first
        pulls.shutdownNow(); // a pull cut short keeps its .part and resumes next time
        chatIo.shutdownNow();
        voiceWork.shutdownNow();
        remoteTtsQueue.shutdownNow();
        // Memories still being embedded are written before the database closes.
        memoryWorker.shutdown();
        try {
            if (!memoryWorker.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Memories still being embedded at shutdown were dropped");
                memoryWorker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logs.liveSink(entry -> {});
        speech.close();
        bus.close();
        database.close();
    }

    /** The secret config values, and the data key when it came from DATA_KEY_FILE (a secret that is no config value). */
    private static List<String> secrets(Settings settings, @Nullable DataKey dataKey) {
        List<String> secrets = new ArrayList<>(settings.secretValues());
        if (dataKey != null) {
            secrets.add(dataKey.passphrase());
        }
        return secrets;
    }

    private static void createFolders(Settings settings) {
        try {
            Files.createDirectories(settings.dataDir());
            for (String kind : List.of("piper", "whisper", "vad")) {
                Files.createDirectories(settings.modelsDir().resolve(kind));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.dataDir() + " or " + settings.modelsDir(), e);
        }
    }
}
