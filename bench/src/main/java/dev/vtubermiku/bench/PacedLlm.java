package dev.vtubermiku.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * An OpenAI-compatible streaming server with a model's pace: the first token {@code ttftMicros} after
 * the request, then one token every {@code 1/tokensPerSecond}. Each reply streams the words of
 * {@link #reply} (set before each request), one word per token. For each request it records when it
 * arrived and when each token was written (System.nanoTime, this JVM's clock), so a benchmark can
 * tell the model's own time from everything else.
 */
final class PacedLlm implements AutoCloseable {

    /** One reply as served: when the request arrived, and when each token was handed to the socket. */
    record Served(long arrived, long[] tokenWritten) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Served> served = new LinkedBlockingQueue<>();
    private final long ttftNanos;
    private final long gapNanos;
    private volatile List<String> reply = List.of("Hello.");

    PacedLlm(long ttftMicros, double tokensPerSecond) throws IOException {
        this.ttftNanos = ttftMicros * 1000;
        this.gapNanos = (long) (1e9 / tokensPerSecond);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/models", PacedLlm::models);
        server.start();
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
        java.util.Arrays.fill(written, -1);
        try {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < tokens.size(); i++) {
                long due = arrived + ttftNanos + i * gapNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                StringBuilder b = new StringBuilder(chunk(tokens.get(i), null));
                if (i == tokens.size() - 1) {
                    b.append(chunk(null, "stop")).append("data: [DONE]\n\n");
                }
                written[i] = System.nanoTime();
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            exchange.close();
        } catch (IOException e) {
            // the loop stopped listening (a barge-in, the end of a measured round): the rest is not needed
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
