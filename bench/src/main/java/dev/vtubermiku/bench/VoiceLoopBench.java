package dev.vtubermiku.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.core.voice.SentenceChunker;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.protocol.VoiceFrames;
import dev.vtubermiku.server.App;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.ConfigLoader;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.logging.SecretMasker;
import dev.vtubermiku.server.store.CharacterDao;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The voice loop end to end, in-process, over a real {@code /ws}: the fixture models (Silero VAD,
 * Whisper tiny.en without weights, the Piper test voice), jfk.wav's first phrase as the streamer, and
 * a fake LLM with a set time to first token and tokens per second ({@link PacedLlm}). Whisper runs
 * on every turn; its (empty) text is replaced by the phrase's words so that the chat has a question.
 *
 * <p>Per turn: the phrase (0-2.2 s) is sent at once, then the file's own silence after it and more
 * silence in real time, as a microphone would, so the VAD's hangover passes in real time. Figures:
 * the loop's own latency record (from the VAD's speech end); the LLM's own time to the token that
 * completes the first chunk, as the fake server wrote it; "ours" = first audio − that (issue 14's
 * figure); our overhead = first audio − (the later of Whisper's wait + Whisper and the VAD hangover
 * + the LLM's own time + Piper on the first chunk), so it holds everything that is ours, prompt
 * building and HTTP included. Rounds alternate a 20-word and a 200-word reply (same first sentence),
 * so drift of a shared machine hits both alike. Each configuration ({@link VoiceLoopFigures.Mode}:
 * before issue 14, each lever alone, the defaults, the opt-in STT_AUDIO_CTX) runs in a fresh backend;
 * then, with the defaults, barge-in rounds: the streamer talks over her and the time to her last
 * frame is measured. Exit 0 when the targets are met with the default settings; the last line is
 * {@code voice-loop: first_audio_p50_ms=… llm_own_p50_ms=… ours_p50_ms=… ratio_long_short=…
 * barge_in_p50_ms=… overhead_p50_ms=…}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=target/bench-tmp -cp bench/target/bench.jar \
 *     dev.vtubermiku.bench.VoiceLoopBench [--fixtures ../shared/fixtures] [--rounds 30] [--ttft-ms 200] [--tps 40] [--barge 10] [--default-only]</pre>
 */
public final class VoiceLoopBench {

    private static final int RATE = 16_000;
    private static final int FRAME = 320; // 20 ms
    private static final String ASKED = "And so my fellow Americans, ask not what your country can do for you.";
    private static final ObjectMapper JSON = Json.newMapper();

    record Options(Path fixtures, int rounds, int warmup, long ttftMs, double tps, int barge, boolean allModes) {}

    private final Options options;
    private final short[] jfk;
    private final BlockingQueue<JsonNode> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<long[]> frames = new LinkedBlockingQueue<>(); // {arrival nanos, flags}
    private final AtomicReference<short @Nullable []> insert = new AtomicReference<>();
    private final AtomicLong inserted = new AtomicLong();

    private VoiceLoopBench(Options options, short[] jfk) {
        this.options = options;
        this.jfk = jfk;
    }

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of("../shared/fixtures");
        int rounds = 30;
        long ttft = 200;
        double tps = 40;
        int barge = 10;
        boolean allModes = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fixtures" -> fixtures = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--ttft-ms" -> ttft = Long.parseLong(args[++i]);
                case "--tps" -> tps = Double.parseDouble(args[++i]);
                case "--barge" -> barge = Integer.parseInt(args[++i]);
                case "--default-only" -> allModes = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        MonoAudio audio = AudioDecoder.decode(Files.readAllBytes(fixtures.resolve("audio/jfk.wav")), AudioLimits.DEFAULT).mono();
        short[] pcm = new short[audio.samples().length];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(audio.samples()[i] * 32767);
        }
        System.exit(new VoiceLoopBench(new Options(fixtures, rounds, 4, ttft, tps, barge, allModes), pcm).run());
    }

    int run() throws Exception {
        System.out.printf(Locale.ROOT, "VoiceLoopBench: per configuration %d turns (+%d warm-up) alternating 20- and 200-word "
                + "replies, LLM time to first token %d ms, %.0f tokens/s; %d barge-ins with the default settings%n",
                options.rounds() * 2, options.warmup(), options.ttftMs(), options.tps(), options.barge());
        System.out.println("machine: " + Machine.current().describe());
        System.out.println("JVM flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("load average at start: " + Machine.loadAverage());
        List<VoiceLoopFigures.Mode> modes = options.allModes() ? VoiceLoopFigures.Mode.ALL : List.of(VoiceLoopFigures.Mode.DEFAULT);
        Map<VoiceLoopFigures.Mode, List<VoiceLoopFigures.Turn>> byMode = new java.util.LinkedHashMap<>();
        List<Long> bargeStop = new ArrayList<>();
        List<Long> bargeEvent = new ArrayList<>();
        for (VoiceLoopFigures.Mode mode : modes) {
            System.out.println();
            System.out.println("== " + mode.name() + " (load average " + Machine.loadAverage() + ")");
            byMode.put(mode, run(mode, mode == VoiceLoopFigures.Mode.DEFAULT ? bargeStop : null, bargeEvent));
        }
        System.out.println("load average at end: " + Machine.loadAverage());
        return VoiceLoopFigures.report(byMode, bargeStop, bargeEvent, onset / (double) RATE);
    }

    /** One configuration in a fresh backend; the barge-in rounds too when {@code bargeStop} is given. */
    private List<VoiceLoopFigures.Turn> run(VoiceLoopFigures.Mode mode, @Nullable List<Long> bargeStop, List<Long> bargeEvent) throws Exception {
        try (TempDir dir = TempDir.create("vtuber-voice-"); PacedLlm llm = new PacedLlm(options.ttftMs() * 1000, options.tps())) {
            Path f = options.fixtures();
            Map<String, String> env = new HashMap<>(Map.of(
                    "API_HOST", "127.0.0.1",
                    "DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"),
                    "DATA_DIR", dir.resolve("data").toString(),
                    "MODELS_DIR", dir.resolve("models").toString(),
                    "LOG_FILE", dir.resolve("logs/vtuber.log").toString(),
                    "LOG_LEVEL", "WARN",
                    "LLM_BASE_URL", llm.baseUrl(),
                    "OPENROUTER_MODEL", "bench",
                    "LLM_LOCAL_URL", ""));
            env.put("AUTO_PULL", "false");
            env.putAll(mode.env()); // STT_WORKERS as configured by default (2)
            env.put("PIPER_MODEL_PATH", f.resolve("piper/test_voice.onnx").toAbsolutePath().toString());
            env.put("VAD_MODEL_PATH", f.resolve("vad/silero_vad_v5.onnx").toAbsolutePath().toString());
            env.put("WHISPER_MODEL_PATH", f.resolve("whisper/for-tests-ggml-tiny.en.bin").toAbsolutePath().toString());
            DotEnvFile dotEnv = new DotEnvFile(dir.resolve(".env"));
            Settings settings = ConfigLoader.load(env, dotEnv).with(Map.of(ConfigKey.API_PORT, "0"), Settings.Source.ENVIRONMENT);
            Logs logs = Logs.install(settings.logFile(), "WARN", false, new SecretMasker(), 1000);
            App app = App.start(new RuntimeConfig(settings, env, dotEnv), logs,
                    new App.EngineWrappers(real -> new AskedPhrase(real, mode.live()), tts -> tts));
            try {
                long character = app.database().writeDao(CharacterDao.class)
                        .insert("Miku", "A virtual singer.", "Cheerful.", null, Instant.now());
                app.speech().reload(dev.vtubermiku.server.speech.SpeechEngines.Kind.VAD);
                app.speech().reload(dev.vtubermiku.server.speech.SpeechEngines.Kind.STT);
                // Where Silero first hears speech in jfk.wav: the barge-in clock starts at the streamer's first word.
                var first = app.speech().vad().detect(new MonoAudio(toFloats(jfk), RATE), settings.vadSettings()).getFirst();
                onset = (int) Math.round((first.start() + settings.vadSettings().speechPadMs() / 1000.0) * RATE) / FRAME * FRAME;
                return measure(app, llm, character, settings, bargeStop, bargeEvent);
            } finally {
                app.close();
                logs.stop();
            }
        }
    }

    private List<VoiceLoopFigures.Turn> measure(App app, PacedLlm llm, long character, Settings settings, @Nullable List<Long> bargeStop,
            List<Long> bargeEvent) throws Exception {
        var voice = settings.voiceSettings();
        System.out.printf(Locale.ROOT, "end-of-turn silence %d ms, speculation at a %d ms pause, STT_WORKERS %d, STT_AUDIO_CTX %d, "
                + "barge-in after %d ms of speech%n", voice.endSilenceMs(), voice.speculateMs(), settings.sttWorkers(),
                settings.sttAudioCtx(), voice.bargeInMs());
        WebSocket ws = connect(app.port());
        AtomicBoolean talking = new AtomicBoolean(true);
        Thread microphone = Thread.ofPlatform().name("bench-microphone").daemon(true).start(() -> microphone(ws, talking));
        try {
            List<VoiceLoopFigures.Turn> turns = new ArrayList<>();
            for (int i = 0; i < options.warmup() + options.rounds() * 2; i++) {
                int words = i % 2 == 0 ? 20 : 200;
                VoiceLoopFigures.Turn turn = turn(ws, llm, character, words);
                if (i >= options.warmup()) {
                    turns.add(turn);
                }
            }
            for (int i = 0; bargeStop != null && i < options.barge(); i++) {
                long[] barge = bargeIn(ws, llm, character);
                bargeStop.add(barge[0]);
                bargeEvent.add(barge[1]);
            }
            VoiceLoopFigures.stages(turns);
            return turns;
        } finally {
            talking.set(false);
            microphone.join(1000);
            ws.abort();
        }
    }

    /** One turn: the phrase, then silence live until her first audio; then the session is stopped. */
    private VoiceLoopFigures.Turn turn(WebSocket ws, PacedLlm llm, long character, int words) throws Exception {
        List<String> tokens = reply(words);
        llm.reply(tokens);
        llm.served().clear();
        startSession(ws, character);
        long speechEnd = sendPhrase(ws);
        long firstFrame = nextFrame(f -> true)[0];
        JsonNode started = next(m -> "speech.started".equals(m.path("type").asText()) && m.path("data").path("chunk").asInt() == 0);
        stopSession(ws);
        PacedLlm.Served served = llm.served().poll(30, TimeUnit.SECONDS);
        if (served == null) {
            throw new IllegalStateException("the fake LLM saw no request");
        }
        Map<String, Double> stages = new HashMap<>();
        started.path("data").path("latency").properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                stages.put(e.getKey(), e.getValue().asDouble());
            }
        });
        int chunkToken = firstChunkToken(tokens);
        double llmOwn = (served.tokenWritten()[chunkToken] - served.arrived()) / 1e6;
        return new VoiceLoopFigures.Turn(words, stages, llmOwn, (firstFrame - speechEnd) / 1e6);
    }

    /** A 200-word reply, and the streamer talks over her once she speaks; returns {to her last frame, to the event} in ns. */
    private long[] bargeIn(WebSocket ws, PacedLlm llm, long character) throws Exception {
        llm.reply(reply(200));
        startSession(ws, character);
        sendPhrase(ws);
        nextFrame(f -> true);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // she has been talking a moment
        insert.set(java.util.Arrays.copyOfRange(jfk, onset, (int) (2.2 * RATE)));
        long[] end = nextFrame(f -> (f & VoiceFrames.FLAG_TURN_END) != 0);
        JsonNode cut = next(m -> "speech.finished".equals(m.path("type").asText()) && m.path("data").path("interrupted").asBoolean());
        long eventAt = cut.path("_arrived").asLong();
        long from = inserted.get();
        stopSession(ws);
        return new long[] {end[0] - from, eventAt - from};
    }

    private void startSession(WebSocket ws, long character) throws Exception {
        texts.clear();
        frames.clear();
        send(ws, "{\"type\":\"voice.start\",\"character_id\":" + character + "}");
        next(m -> "voice.started".equals(m.path("type").asText()));
    }

    private void stopSession(WebSocket ws) throws Exception {
        hush.set(true); // what the microphone still plays belongs to this round
        send(ws, "{\"type\":\"voice.stop\"}");
        next(m -> "voice.stopped".equals(m.path("type").asText()));
    }

    /** The phrase (0-2.2 s) at once; the microphone thread goes on with what follows in real time. Returns when it ended. */
    private long sendPhrase(WebSocket ws) {
        int end = (int) (2.2 * RATE);
        synchronized (this) {
            for (int i = 0; i < end; i += FRAME) {
                ws.sendBinary(ByteBuffer.wrap(VoiceFrames.pcm(jfk, i, Math.min(end, i + FRAME))), true).join();
            }
            tail.set(java.util.Arrays.copyOfRange(jfk, end, (int) (3.3 * RATE))); // the file's own silence after the phrase
        }
        return System.nanoTime();
    }

    private final AtomicReference<short @Nullable []> tail = new AtomicReference<>();
    private int onset;
    private final AtomicBoolean hush = new AtomicBoolean();

    /** A live microphone: 20 ms every 20 ms; silence unless a tail or an insert is playing. */
    private void microphone(WebSocket ws, AtomicBoolean talking) {
        long start = System.nanoTime();
        long frame = 0;
        short[] playing = null;
        int at = 0;
        short[] silence = new short[FRAME];
        while (talking.get()) {
            long wait = start + frame * 20_000_000L - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            frame++;
            if (hush.getAndSet(false)) {
                playing = null;
            }
            short[] next = insert.getAndSet(null);
            boolean words = next != null;
            if (next == null) {
                next = tail.getAndSet(null);
            }
            if (next != null) {
                playing = next;
                at = 0;
                if (words) {
                    inserted.set(System.nanoTime()); // the streamer's first words over her
                }
            }
            byte[] pcm;
            if (playing != null && at < playing.length) {
                pcm = VoiceFrames.pcm(playing, at, Math.min(playing.length, at + FRAME));
                at += FRAME;
            } else {
                pcm = VoiceFrames.pcm(silence, 0, FRAME);
            }
            synchronized (this) {
                try {
                    ws.sendBinary(ByteBuffer.wrap(pcm), true).join();
                } catch (RuntimeException e) {
                    return;
                }
            }
        }
    }

    private void send(WebSocket ws, String text) {
        synchronized (this) {
            ws.sendText(text, true).join();
        }
    }

    private JsonNode next(java.util.function.Predicate<JsonNode> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode m = texts.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IllegalStateException("no matching WebSocket message within 30 s");
            }
            if (which.test(m)) {
                return m;
            }
        }
    }

    private long[] nextFrame(java.util.function.LongPredicate flags) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long[] f = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new IllegalStateException("no audio frame within 30 s");
            }
            if (flags.test(f[1])) {
                return f;
            }
        }
    }

    private WebSocket connect(int port) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();
                    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            long now = System.nanoTime();
                            try {
                                JsonNode node = JSON.readTree(partial.toString());
                                ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_arrived", now);
                                texts.add(node);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                        byte[] part = new byte[data.remaining()];
                        data.get(part);
                        binary.writeBytes(part);
                        if (last) {
                            long now = System.nanoTime();
                            VoiceFrames.AudioFrame frame = VoiceFrames.decode(ByteBuffer.wrap(binary.toByteArray()));
                            binary.reset();
                            frames.add(new long[] {now, frame.flags()});
                        }
                        socket.request(1);
                        return null;
                    }
                }).join();
    }

    private static float[] toFloats(short[] pcm) {
        float[] f = new float[pcm.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = pcm[i] / 32768f;
        }
        return f;
    }

    /** {@code words} words in sentences of ten; the first sentence is the same for every length. */
    static List<String> reply(int words) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            int sentence = i / 10;
            String word = switch (i % 10) {
                case 0 -> (i == 0 ? "" : " ") + "This";
                case 1 -> " is";
                case 2 -> " sentence";
                case 3 -> " number";
                case 4 -> " " + (sentence + 1);
                case 5 -> " and";
                case 6 -> " it";
                case 7 -> " has";
                case 8 -> " ten";
                default -> " words.";
            };
            tokens.add(word);
        }
        return tokens;
    }

    /** The index of the token whose arrival releases the first chunk, by the loop's own chunker. */
    static int firstChunkToken(List<String> tokens) {
        SentenceChunker chunker = new SentenceChunker(dev.vtubermiku.core.voice.VoiceSettings.DEFAULTS.firstChunkChars(), 240);
        for (int i = 0; i < tokens.size(); i++) {
            if (!chunker.feed(tokens.get(i)).isEmpty()) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /**
     * Whisper runs for real on the turn; its text (empty with the fixture model) becomes the phrase's
     * words. {@code live} false: the turn is transcribed as batch work, as before issue 14.
     */
    private record AskedPhrase(SpeechToText real, boolean live) implements SpeechToText {
        @Override
        public int sampleRate() {
            return real.sampleRate();
        }

        @Override
        public boolean multilingual() {
            return real.multilingual();
        }

        @Override
        public Transcript transcribe(MonoAudio audio, @Nullable String language) {
            Transcript heard = real.transcribe(audio, language);
            return new Transcript(ASKED, "en", heard.segments(), heard.duration());
        }

        @Override
        public Transcript transcribeLive(MonoAudio audio, @Nullable String language) {
            Transcript heard = live ? real.transcribeLive(audio, language) : real.transcribe(audio, language);
            return new Transcript(ASKED, "en", heard.segments(), heard.duration());
        }
    }
}
