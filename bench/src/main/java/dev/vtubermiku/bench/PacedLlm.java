package dev.vtubermiku.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * An OpenAI-compatible streaming server on loopback for the benchmarks (real HTTP, real SSE). Each
 * reply streams the tokens of {@link #reply} (set before each request), one SSE chunk per token, the
 * last one together with its finish_reason and [DONE] in one write. Two paces:
 * <ul>
 *   <li>a model's ({@link #PacedLlm(long, double)}): the first token {@code ttftMicros} after the
 *       request arrived, then one every {@code 1/tokensPerSecond}, on a fixed grid from the arrival;
 *   <li>steady ({@link #steady}): the first token at once, each next one {@code gapMicros} after the
 *       previous write.
 * </ul>
 * For each request it records when it arrived and when each token was handed to the socket
 * (System.nanoTime, this JVM's clock), so a benchmark can tell the model's own time from everything
 * else.
 */
final class PacedLlm implements AutoCloseable {

    /** One reply as served: when the request arrived, and when each token was handed to the socket (-1: never). */
    record Served(long arrived, long[] tokenWritten) {

        long firstToken() {
            return tokenWritten[0];
        }

        long lastToken() {
            return tokenWritten[tokenWritten.length - 1];
        }

        /** Whether every token was written (the client did not go away first). */
        boolean complete() {
            return Arrays.stream(tokenWritten).allMatch(t -> t >= 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Served> served = new LinkedBlockingQueue<>();
    private final long ttftNanos;
    private final long gapNanos;
    /** True: tokens on a grid from the request's arrival; false: each a gap after the previous write. */
    private final boolean fromArrival;
    private volatile List<String> reply = List.of("Hello.");

    /** A model's pace: time to first token, then tokens per second. */
    PacedLlm(long ttftMicros, double tokensPerSecond) throws IOException {
        this(ttftMicros * 1000, (long) (1e9 / tokensPerSecond), true);
    }

    private PacedLlm(long ttftNanos, long gapNanos, boolean fromArrival) throws IOException {
        this.ttftNanos = ttftNanos;
        this.gapNanos = gapNanos;
        this.fromArrival = fromArrival;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/models", PacedLlm::models); // the status probe asks
        server.start();
    }

    /**
     * Replies of {@code tokens} tokens ({@code [joy] Token token1 token2 …}), the first written at
     * once, each next one {@code gapMicros} after the previous write.
     */
    static PacedLlm steady(int tokens, long gapMicros) throws IOException {
        PacedLlm llm = new PacedLlm(0, gapMicros * 1000, false);
        List<String> reply = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
            reply.add(i == 0 ? "[joy] Token" : " token" + i);
        }
        llm.reply(reply);
        return llm;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The tokens the next replies stream. */
    void reply(List<String> tokens) {
        this.reply = List.copyOf(tokens);
    }

    BlockingQueue<Served> served() {
        return served;
    }

    private void chat(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        exchange.getRequestBody().readAllBytes();
        List<String> tokens = reply;
        long[] written = new long[tokens.size()];
        Arrays.fill(written, -1);
        try {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < tokens.size(); i++) {
                long due = fromArrival ? arrived + ttftNanos + i * gapNanos : i == 0 ? arrived : System.nanoTime() + gapNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                StringBuilder b = new StringBuilder(chunk(tokens.get(i), null));
                if (i == tokens.size() - 1) {
                    b.append(chunk(null, "stop")).append("data: [DONE]\n\n");
                }
                byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                written[i] = System.nanoTime(); // taken before the write: the write itself counts as latency
                out.write(bytes);
                out.flush();
            }
            exchange.close();
        } catch (IOException e) {
            // the client stopped listening (a barge-in, the end of a measured round): the rest is not needed
        } finally {
            served.add(new Served(arrived, written));
        }
    }

    private static void models(HttpExchange exchange) throws IOException {
        byte[] body = "{\"data\":[{\"id\":\"bench\",\"object\":\"model\"}]}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String chunk(String content, String finishReason) {
        String delta = content == null ? "{}" : "{\"content\":\"" + content.replace("\"", "\\\"") + "\"}";
        String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
        return "data: {\"id\":\"bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
