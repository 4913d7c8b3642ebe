package dev.vtubermiku.bench;

import dev.vtubermiku.server.App;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.ConfigLoader;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.logging.SecretMasker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI-compatible speech: time to the first audio byte of {@code POST /v1/audio/speech} (pcm, so
 * the first byte is audio) for a 20-word and a 200-word input, which must stay within 1.2x of each
 * other (the body streams as it is synthesised); and what offloading adds: {@code POST /api/tts} of a
 * backend whose TTS_BASE_URL is a second backend on loopback, against the same request served by
 * that second backend's own Piper. Real Piper with the fixture voice; rounds alternate so drift of
 * a shared machine hits both alike. Exit 0 when the ratio is met, 1 when not, 2 when it cannot run.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=target/bench-tmp -cp bench/target/bench.jar \
 *     dev.vtubermiku.bench.OpenAiSpeechBench [--fixtures ../shared/fixtures] [--rounds 20]</pre>
 */
public final class OpenAiSpeechBench {

    static final double TARGET_RATIO = 1.2;
    static final String TEXT_20 = "Hello everyone, welcome back to the stream. Today we are going to sing a few songs together and chat tonight.";
    private static final String[] MORE = {
        "I practised the new song all week, and I think it finally sounds the way I wanted it to sound.",
        "If you are new here, please say hello in the chat so that I can greet you properly.",
        "Before we start, let me check that the microphone and the music levels are both right for everyone.",
        "Yesterday somebody asked me about my favourite food, and the honest answer is still strawberry cake.",
        "We will also try a little quiz later, with questions about the songs we sang last month.",
        "Remember to drink some water, stretch your arms, and take a short break when you need one.",
        "Thank you all for the kind messages after the last stream; they made my whole week brighter.",
        "Now, without any more waiting, let us begin with the first song of the evening together."
    };

    private OpenAiSpeechBench() {}

    static String text200() {
        StringBuilder text = new StringBuilder(TEXT_20);
        int i = 0;
        while (words(text.toString()) < 200) {
            text.append(' ').append(MORE[i++ % MORE.length]);
        }
        String[] w = text.toString().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(w, 200)).replaceAll("[,;]?$", ".");
    }

    static int words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    public static void main(String[] args) {
        try {
            BenchArgs options = BenchArgs.parse(args, "fixtures", "rounds");
            System.exit(run(options.fixtures(), options.integer("rounds", 20)));
        } catch (Exception e) {
            System.err.println("OpenAiSpeechBench could not run: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    static int run(Path fixtures, int rounds) throws Exception {
        Path voice = fixtures.resolve("piper/test_voice.onnx").toAbsolutePath();
        if (!Files.isRegularFile(voice)) {
            System.err.println("no fixture voice at " + voice + " (--fixtures)");
            return 2;
        }
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        System.out.println("machine: " + Machine.current().describe() + "; load before: " + Machine.loadAverage());
        String long_ = text200();
        System.out.printf(Locale.ROOT, "inputs: %d and %d words%n", words(TEXT_20), words(long_));
        try (TempDir dir = TempDir.create("vtuber-openai-")) {
            Logs logs = null;
            App serving = null;
            App offloading = null;
            try {
                Map<String, String> a = env(dir.resolve("serving"));
                a.put("PIPER_MODEL_PATH", voice.toString());
                a.put("TTS_MAX_CHARS", "5000");
                Settings settings = settings(a);
                logs = Logs.install(settings.logFile(), "WARN", false, new SecretMasker(), 1000);
                serving = App.start(new RuntimeConfig(settings, a, new DotEnvFile(dir.resolve("serving/.env"))), logs);
                Map<String, String> b = env(dir.resolve("offloading"));
                b.put("TTS_BASE_URL", "http://127.0.0.1:" + serving.port() + "/v1");
                b.put("TTS_VOICE", "alloy");
                offloading = App.start(new RuntimeConfig(settings(b), b, new DotEnvFile(dir.resolve("offloading/.env"))), logs);
                return measure(serving.port(), offloading.port(), long_, rounds);
            } finally {
                if (offloading != null) {
                    offloading.close();
                }
                if (serving != null) {
                    serving.close();
                }
                if (logs != null) {
                    logs.stop();
                }
            }
        }
    }

    private static Map<String, String> env(Path dir) throws Exception {
        Files.createDirectories(dir);
        Map<String, String> env = new HashMap<>();
        env.put("API_HOST", "127.0.0.1");
        env.put("DATABASE_URL", "sqlite:///" + dir.resolve("vtuber.db"));
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("MODELS_DIR", dir.resolve("models").toString());
        env.put("PIPER_MODEL_PATH", dir.resolve("models/piper/none.onnx").toString());
        env.put("LOG_FILE", dir.resolve("logs/vtuber.log").toString());
        env.put("LOG_LEVEL", "WARN");
        env.put("LLM_LOCAL_URL", "");
        env.put("AUTO_PULL", "false"); // the bench brings its own voice; no downloads
        return env;
    }

    private static Settings settings(Map<String, String> env) {
        return ConfigLoader.load(env, new DotEnvFile(Path.of(env.get("DATA_DIR")).resolveSibling(".env")))
                .with(Map.of(ConfigKey.API_PORT, "0"), Settings.Source.ENVIRONMENT);
    }

    private static int measure(int serving, int offloading, String long_, int rounds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String short_ = TEXT_20;
        for (int i = 0; i < 3; i++) { // warm-up: voice load, JIT, connections
            firstByte(http, serving, short_);
            firstByte(http, serving, long_);
            whole(http, serving, "/api/tts", "Warming up the voice.");
            whole(http, offloading, "/api/tts", "Warming up the voice.");
        }
        List<Long> first20 = new ArrayList<>();
        List<Long> first200 = new ArrayList<>();
        List<Long> total200 = new ArrayList<>();
        List<Long> local = new ArrayList<>();
        List<Long> remote = new ArrayList<>();
        String sentence = "This sentence goes over the network and back again.";
        for (int i = 0; i < rounds; i++) {
            first20.add(firstByte(http, serving, short_)[0]);
            long[] l = firstByte(http, serving, long_);
            first200.add(l[0]);
            total200.add(l[1]);
            local.add(whole(http, serving, "/api/tts", sentence));
            remote.add(whole(http, offloading, "/api/tts", sentence));
        }
        double f20 = median(first20) / 1e6;
        double f200 = median(first200) / 1e6;
        double ratio = f200 / f20;
        double added = (median(remote) - median(local)) / 1e6;
        System.out.printf(Locale.ROOT, "/v1/audio/speech first audio byte p50: 20 words %.1f ms, 200 words %.1f ms (whole 200-word body %.0f ms)%n",
                f20, f200, median(total200) / 1e6);
        System.out.printf(Locale.ROOT, "/api/tts of one sentence p50: local Piper %.1f ms, through TTS_BASE_URL on loopback %.1f ms%n",
                median(local) / 1e6, median(remote) / 1e6);
        System.out.println("load after: " + Machine.loadAverage());
        boolean ok = ratio <= TARGET_RATIO;
        return new SummaryLine("openai-speech").put("first_byte_20w_ms", f20).put("first_byte_200w_ms", f200).put("ratio", ratio)
                .put("remote_added_ms", added).put("rounds", rounds).target("ratio", ok).print();
    }

    /** Nanoseconds to the first body byte and to the end of the body. */
    private static long[] firstByte(HttpClient http, int port, String text) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audio/speech"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"voice\":\"alloy\",\"response_format\":\"pcm\",\"input\":\""
                        + text + "\"}")).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200 || in.read() < 0) {
                throw new IllegalStateException("/v1/audio/speech answered " + response.statusCode() + ": " + new String(in.readAllBytes()));
            }
            long first = System.nanoTime() - start;
            in.transferTo(OutputStream.nullOutputStream());
            return new long[] {first, System.nanoTime() - start};
        }
    }

    private static long whole(HttpClient http, int port, String path, String text) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " on " + port + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return System.nanoTime() - start;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
