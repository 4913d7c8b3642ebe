package dev.vtubermiku.bench;

import dev.vtubermiku.server.App;
import dev.vtubermiku.server.store.CharacterDao;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Chat streaming figures: the real backend in this JVM, its LLM a fake OpenAI-compatible server on
 * loopback (real HTTP, real SSE) and one WebSocket client, all sharing System.nanoTime. For each
 * chat sent over /ws it measures (1) from the moment the fake LLM writes its first token to the
 * first {@code chat.token} at the client, and (2) from the moment it writes its last token (with
 * finish_reason and [DONE]) to {@code chat.response} at the client. Embedding the exchange for
 * memory runs afterwards, in the background, and is not in either figure; the harness pauses
 * between chats so it does not overlap the next one. Targets: p50 under 5 ms and under 20 ms. Exit
 * 0 when both are met, 1 when not, 2 on a setup problem.
 *
 * <pre>java -cp bench/target/bench.jar dev.vtubermiku.bench.ChatBench [--chats 200] [--warmup 50] [--tokens 20] [--gap-us 2000]</pre>
 */
public final class ChatBench {

    static final double TARGET_FIRST_P50_MS = 5;
    static final double TARGET_LAST_P50_MS = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    record Options(int chats, int warmup, int tokens, long gapMicros, long pauseMillis) {
        static Options parse(String[] args) {
            BenchArgs a = BenchArgs.parse(args, "chats", "warmup", "tokens", "gap-us", "pause-ms");
            int chats = a.integer("chats", 200);
            int warmup = a.integer("warmup", 50);
            int tokens = a.integer("tokens", 20);
            long gap = a.integer("gap-us", 2000);
            long pause = a.integer("pause-ms", 150);
            if (chats < 1 || warmup < 0 || tokens < 1 || gap < 0 || pause < 0) {
                throw new IllegalArgumentException("--chats and --tokens must be positive, the others not negative");
            }
            return new Options(chats, warmup, tokens, gap, pause);
        }
    }

    /** What the WebSocket client saw of one chat. */
    record Seen(long firstTokenNanos, long responseNanos, int tokens, String emotion) {}

    public static void main(String[] args) {
        Options options = BenchArgs.parseOrExit(args, Options::parse,
                "ChatBench [--chats N] [--warmup N] [--tokens N] [--gap-us MICROS] [--pause-ms MILLIS]");
        try {
            System.exit(new ChatBench().run(options));
        } catch (Exception e) {
            System.err.println("ChatBench could not run: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    int run(Options options) throws Exception {
        try (TempDir dir = TempDir.create("vtuber-chat-"); PacedLlm llm = PacedLlm.steady(options.tokens(), options.gapMicros());
                InProcessBackend backend = InProcessBackend.start(dir,
                        Map.of("LOG_LEVEL", "WARN", "LLM_BASE_URL", llm.baseUrl(), "OPENROUTER_MODEL", "bench"), 1000)) {
            long character = backend.app().database().writeDao(CharacterDao.class)
                    .insert("Miku", "A virtual singer.", "Cheerful.", null, Instant.now());
            return measure(backend.app(), llm, character, options);
        }
    }

    private int measure(App app, PacedLlm llm, long character, Options options) throws Exception {
        System.out.printf(Locale.ROOT, "ChatBench: %d chats (+%d warm-up) over /ws, %d tokens per reply %d µs apart, "
                + "fake OpenAI-compatible LLM on loopback, backend in-process%n",
                options.chats(), options.warmup(), options.tokens(), options.gapMicros());
        System.out.println("machine: " + Machine.current().describe());
        System.out.println("JVM flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("load average at start: " + Machine.loadAverage());

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        BlockingQueue<Long> receivedAt = new LinkedBlockingQueue<>();
        HttpClient http = HttpClient.newBuilder().executor(Runnable::run).build();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/ws"),
                new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        long now = System.nanoTime();
                        partial.append(data);
                        if (last) {
                            receivedAt.add(now);
                            received.add(partial.toString());
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"type\":\"subscribe\",\"topics\":[\"chat.*\",\"error.*\"]}", true).join();
            next(received, receivedAt, "\"subscribed\"");

            for (int i = 0; i < options.warmup(); i++) {
                chat(ws, received, receivedAt, llm, character, i);
                Thread.sleep(options.pauseMillis()); // lets the background embedding finish before the next chat
            }
            llm.served().clear(); // the warm-up's replies
            List<Long> first = new ArrayList<>();
            List<Long> last = new ArrayList<>();
            int wrongEmotion = 0;
            for (int i = 0; i < options.chats(); i++) {
                Seen seen = chat(ws, received, receivedAt, llm, character, options.warmup() + i);
                PacedLlm.Served served = llm.served().poll(10, TimeUnit.SECONDS);
                if (served == null || !served.complete()) {
                    throw new IllegalStateException("the fake LLM did not report chat " + i + " written to its end");
                }
                first.add(seen.firstTokenNanos() - served.firstToken());
                last.add(seen.responseNanos() - served.lastToken());
                if (!seen.emotion().equals("joy")) {
                    wrongEmotion++;
                }
                Thread.sleep(options.pauseMillis());
            }
            String loadAtEnd = Machine.loadAverage();
            Samples f = Samples.of(first);
            Samples l = Samples.of(last);
            System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %8s%n", "", "p50", "p90", "p99", "max");
            row("first LLM token -> first chat.token (ms)", f);
            row("last LLM token -> chat.response (ms)", l);
            System.out.println("replies with the wrong emotion: " + wrongEmotion);
            System.out.println("load average at end: " + loadAtEnd);
            boolean firstOk = f.percentile(50) / 1e6 < TARGET_FIRST_P50_MS;
            boolean lastOk = l.percentile(50) / 1e6 < TARGET_LAST_P50_MS;
            System.out.printf(Locale.ROOT, "target first token p50 < %.0f ms: %.2f ms  %s%n", TARGET_FIRST_P50_MS,
                    f.percentile(50) / 1e6, firstOk ? "PASS" : "FAIL");
            System.out.printf(Locale.ROOT, "target chat.response p50 < %.0f ms: %.2f ms  %s%n", TARGET_LAST_P50_MS,
                    l.percentile(50) / 1e6, lastOk ? "PASS" : "FAIL");
            return new SummaryLine("chat").put("first_token_p50_ms", f.percentile(50) / 1e6).put("response_p50_ms", l.percentile(50) / 1e6)
                    .put("wrong_emotion", wrongEmotion).target("first_token_p50_ms", firstOk).target("response_p50_ms", lastOk)
                    .target("wrong_emotion", wrongEmotion == 0).print();
        } finally {
            ws.abort();
            http.close();
        }
    }

    private static void row(String name, Samples s) {
        System.out.printf(Locale.ROOT, "%-44s %8.2f %8.2f %8.2f %8.2f%n", name, s.percentile(50) / 1e6, s.percentile(90) / 1e6,
                s.percentile(99) / 1e6, s.max() / 1e6);
    }

    /** Sends one chat and reads the events until its chat.response. */
    private static Seen chat(WebSocket ws, BlockingQueue<String> received, BlockingQueue<Long> receivedAt, PacedLlm llm,
            long character, int n) throws InterruptedException {
        ws.sendText("{\"type\":\"chat\",\"message\":\"Hello number " + n + "\",\"character_id\":" + character + "}", true).join();
        long firstToken = 0;
        int tokens = 0;
        while (true) {
            String[] m = next(received, receivedAt, "\"type\":\"");
            String text = m[0];
            long at = Long.parseLong(m[1]);
            if (text.contains("\"type\":\"chat.token\"")) {
                if (tokens++ == 0) {
                    firstToken = at;
                }
            } else if (text.contains("\"type\":\"chat.response\"")) {
                String emotion = text.contains("\"emotion\":\"joy\"") ? "joy" : "other";
                return new Seen(firstToken, at, tokens, emotion);
            } else if (text.contains("\"type\":\"error")) {
                throw new IllegalStateException("chat " + n + " failed: " + text);
            }
        }
    }

    private static String[] next(BlockingQueue<String> received, BlockingQueue<Long> receivedAt, String containing)
            throws InterruptedException {
        while (true) {
            String text = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Long at = receivedAt.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null || at == null) {
                throw new IllegalStateException("no WebSocket message within " + WAIT);
            }
            if (text.contains(containing)) {
                return new String[] {text, Long.toString(at)};
            }
        }
    }
}
