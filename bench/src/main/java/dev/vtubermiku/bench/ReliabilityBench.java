package dev.vtubermiku.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.FlacBomb;
import dev.vtubermiku.server.fuzz.FuzzCases;
import dev.vtubermiku.server.fuzz.FuzzClient;
import dev.vtubermiku.speech.audio.WavCodec;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hostile-client campaign of issue 13, repeatable: against a real backend process it runs the
 * OpenAPI fuzz, uploads the 24 h FLAC bomb, makes the LLM server echo the key back, drives 20 chat
 * clients at once, and kills the backend with SIGKILL during chats and uploads, checking after each
 * restart that every acknowledged chat and upload is still there, then kills it during training (the
 * fake trainer of the server's tests; see {@link TrainingKillRounds}). Exit 0 when every target holds,
 * 1 when one is missed, 2 when it could not be set up. Build first: {@code mvn -B -o package -DskipTests}.
 *
 * <pre>java -cp bench/target/bench.jar dev.vtubermiku.bench.ReliabilityBench [--root REPO] [--kill-rounds 3] [--clients 20] [--chats 10] [--train-kill-rounds 2]</pre>
 */
public final class ReliabilityBench {

    private static final String KEY = "sk-or-v1-reliability-echo-0123456789";
    private static final ObjectMapper JSON = Json.newMapper();

    private ReliabilityBench() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        int killRounds = 3;
        int clients = 20;
        int chats = 10;
        int trainKillRounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                case "--kill-rounds" -> killRounds = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--chats" -> chats = Integer.parseInt(args[++i]);
                case "--train-kill-rounds" -> trainKillRounds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Path jar = root.resolve("server/target/server.jar");
        if (!jar.toFile().isFile()) {
            System.err.println("no " + jar + ": build first (mvn -B -o package -DskipTests)");
            System.exit(2);
        }
        System.out.println("machine: " + Machine.current() + ", load " + Machine.loadAverage());
        boolean ok;
        try (TempDir dir = TempDir.create("vtuber-reliability"); PacedLlm llm = PacedLlm.steady(20, 2000)) {
            HttpServer echo = echoingLlm();
            Map<String, String> env = Map.of("LLM_BASE_URL", llm.baseUrl(), "OPENROUTER_API_KEY", KEY, "LLM_RETRIES", "0");
            Result r = new Result();
            try (BackendProcess backend = new BackendProcess(jar, dir.resolve("backend"), env).start()) {
                Thread.sleep(2000);
                r.rssBefore = backend.rssMb();
                fuzz(backend, r);
                bomb(backend, r);
                secretEcho(backend, echo, llm, r);
                load(backend, clients, chats, r);
                r.rssAfter = backend.rssMb();
            }
            for (int round = 1; round <= killRounds; round++) {
                killRound(jar, dir.resolve("kill"), env, round, r);
            }
            TrainingKillRounds.Result t = TrainingKillRounds.run(root, jar, dir.resolve("train-kill"), trainKillRounds);
            echo.stop(0);
            boolean trained = t.skipped != null || t.rounds == trainKillRounds && t.resumed == t.rounds && t.orphans == 0
                    && t.orphansLeft == 0 && t.lost == 0;
            ok = trained && r.fiveHundreds == 0 && r.fuzzFailures == 0 && r.bombStatus == 422 && r.bombMs < 2000 && r.leaks == 0
                    && r.lost == 0 && r.chatErrors == 0 && (killRounds == 0 || r.acknowledgedChats > 0 && r.acknowledgedUploads > 0);
            System.out.printf(Locale.ROOT, "reliability: operations=%d requests=%d 5xx_internal=%d fuzz_failures=%d bomb_status=%d bomb_ms=%d "
                            + "bomb_rss_growth_mb=%d secret_leaks=%d kill_rounds=%d acknowledged_chats=%d acknowledged_uploads=%d lost=%d chat_clients=%d chats=%d "
                            + "chat_errors=%d chat_per_s=%.1f chat_p50_ms=%d chat_p99_ms=%d rss_before_mb=%d rss_after_mb=%d train_kill_rounds=%d "
                            + "train_runs_resumed=%d orphans=%d orphans_left=%d train_lost=%d pass=%s%n",
                    r.operations, r.requests, r.fiveHundreds, r.fuzzFailures, r.bombStatus, r.bombMs, r.bombRssGrowth, r.leaks,
                    killRounds, r.acknowledgedChats, r.acknowledgedUploads, r.lost, clients, r.chats, r.chatErrors, r.chatPerSecond, r.p50, r.p99, r.rssBefore,
                    r.rssAfter, t.rounds, t.resumed, t.orphans, t.orphansLeft, t.lost, ok);
        }
        System.exit(ok ? 0 : 1); // after the scratch folder and the fake servers are closed
    }

    /** What the campaign measured. */
    private static final class Result {
        int operations;
        int requests;
        int fiveHundreds;
        int fuzzFailures;
        int bombStatus;
        long bombMs;
        long bombRssGrowth;
        int leaks;
        int acknowledgedChats;
        int acknowledgedUploads;
        int lost;
        int chats;
        int chatErrors;
        double chatPerSecond;
        long p50;
        long p99;
        long rssBefore;
        long rssAfter;
    }

    private static void fuzz(BackendProcess backend, Result r) throws Exception {
        FuzzClient client = new FuzzClient(backend.port(), BackendProcess.TOKEN);
        List<FuzzCases.Operation> operations = FuzzClient.operations(client.document());
        FuzzCases generator = new FuzzCases(20261204L);
        r.operations = operations.size();
        for (FuzzCases.Operation op : operations) {
            for (FuzzCases.Case c : generator.of(op)) {
                FuzzClient.Answer answer = client.exchange(c);
                r.requests++;
                r.fiveHundreds += answer.status() == 500 ? 1 : 0;
                String failure = FuzzClient.judge(op, c, answer);
                if (failure != null) {
                    r.fuzzFailures++;
                    System.out.println("fuzz failure: " + op.id() + " [" + c.label() + "] " + answer.status() + " " + failure);
                }
            }
        }
        System.out.printf("fuzz: %d operations, %d requests, %d answered 500, %d judged wrong%n", r.operations, r.requests,
                r.fiveHundreds, r.fuzzFailures);
    }

    private static void bomb(BackendProcess backend, Result r) throws Exception {
        byte[] bomb = FlacBomb.silence(24 * 3600);
        long rss = backend.rssMb();
        long start = System.nanoTime();
        HttpResponse<String> response = backend.postMultipart("/api/voice/upload", "bomb.flac", bomb);
        r.bombMs = (System.nanoTime() - start) / 1_000_000;
        r.bombStatus = response.statusCode();
        r.bombRssGrowth = backend.rssMb() - rss;
        System.out.printf("bomb: %d MB FLAC of 24 h silence -> %d in %d ms, RSS %+d MB%n", bomb.length >> 20, r.bombStatus, r.bombMs,
                r.bombRssGrowth);
    }

    private static void secretEcho(BackendProcess backend, HttpServer echo, PacedLlm llm, Result r) throws Exception {
        backend.post("/api/config", "{\"LLM_BASE_URL\":\"http://127.0.0.1:" + echo.getAddress().getPort() + "/v1\"}");
        List<String> texts = new ArrayList<>();
        texts.add(backend.post("/api/chat", "{\"message\":\"hello\"}").body());
        texts.add(backend.get("/api/events?since=0&limit=1000").body());
        texts.add(backend.get("/api/logs?limit=1000").body());
        r.leaks = (int) texts.stream().filter(t -> t.contains(KEY)).count();
        backend.post("/api/config", "{\"LLM_BASE_URL\":\"" + llm.baseUrl() + "\"}");
        System.out.printf("secret echo: the key appears in %d of the chat answer, /api/events and /api/logs%n", r.leaks);
    }

    private static void load(BackendProcess backend, int clients, int chats, Result r) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Future<Integer>> errors = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                errors.add(pool.submit(() -> {
                    int failed = 0;
                    for (int i = 0; i < chats; i++) {
                        long t = System.nanoTime();
                        HttpResponse<String> response = backend.post("/api/chat", "{\"message\":\"client " + client + " line " + i + "\"}");
                        latencies.add((System.nanoTime() - t) / 1_000_000);
                        failed += response.statusCode() == 200 ? 0 : 1;
                    }
                    return failed;
                }));
            }
            for (Future<Integer> f : errors) {
                r.chatErrors += f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Samples samples = Samples.of(latencies);
        r.chats = samples.count();
        r.chatPerSecond = r.chats / seconds;
        r.p50 = samples.percentile(50);
        r.p99 = samples.percentile(99);
        System.out.printf(Locale.ROOT, "load: %d clients x %d chats: %.1f chats/s, p50 %d ms, p99 %d ms, %d errors%n", clients, chats,
                r.chatPerSecond, r.p50, r.p99, r.chatErrors);
    }

    /** Chats and uploads in flight, SIGKILL, restart: everything that was acknowledged must still be there. */
    private static void killRound(Path jar, Path scratch, Map<String, String> env, int round, Result r) throws Exception {
        Set<Long> chatIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Set<String> uploadIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        byte[] wav = WavCodec.encode(tone());
        AtomicBoolean running = new AtomicBoolean(true);
        BackendProcess backend = new BackendProcess(jar, scratch, env).start();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 8; c++) {
                boolean uploads = c % 2 == 0;
                pool.submit(() -> {
                    while (running.get()) {
                        try {
                            if (uploads) {
                                HttpResponse<String> u = backend.postMultipart("/api/voice/upload", "take.wav", wav);
                                if (u.statusCode() == 201) {
                                    uploadIds.add(JSON.readTree(u.body()).path("files").get(0).path("upload_id").asText());
                                }
                            } else {
                                HttpResponse<String> chat = backend.post("/api/chat", "{\"message\":\"round " + round + "\"}");
                                if (chat.statusCode() == 200) {
                                    chatIds.add(JSON.readTree(chat.body()).path("id").asLong());
                                }
                            }
                        } catch (Exception e) {
                            return null; // the backend was killed under this request: not acknowledged
                        }
                    }
                    return null;
                });
            }
            // Kill with requests in flight, once some of each kind have been acknowledged (the first
            // chat after a start waits for the model and memory to warm up): at most 60 s.
            long until = System.nanoTime() + 60_000_000_000L;
            while ((chatIds.size() < 3 || uploadIds.size() < 3) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Thread.sleep(200);
            backend.kill();
            running.set(false);
        }
        try (BackendProcess again = new BackendProcess(jar, scratch, env).start()) {
            Set<Long> storedChats = new HashSet<>();
            String before = "";
            while (true) {
                JsonNode page = JSON.readTree(again.get("/api/chat/history?limit=200" + before).body());
                page.path("items").forEach(item -> storedChats.add(item.path("id").asLong()));
                if (page.path("next_before").isNull() || page.path("next_before").isMissingNode()) {
                    break;
                }
                before = "&before=" + page.path("next_before").asLong();
            }
            String uploads = again.get("/api/voice/uploads").body();
            int lost = (int) chatIds.stream().filter(id -> !storedChats.contains(id)).count()
                    + (int) uploadIds.stream().filter(id -> !uploads.contains(id)).count();
            r.acknowledgedChats += chatIds.size();
            r.acknowledgedUploads += uploadIds.size();
            r.lost += lost;
            System.out.printf("kill -9 round %d: %d chats and %d uploads acknowledged before the kill, %d missing after restart%n",
                    round, chatIds.size(), uploadIds.size(), lost);
        }
    }

    private static MonoAudio tone() {
        float[] s = new float[16000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * i / 16000));
        }
        return new MonoAudio(s, 16000);
    }

    /** A misconfigured proxy in front of the LLM: refuses every request, echoing its Authorization header. */
    private static HttpServer echoingLlm() throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"error\":{\"message\":\"refused Authorization: " + exchange.getRequestHeaders().getFirst("Authorization")
                    + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
