package dev.vtubermiku.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * An OpenAI-compatible streaming server for the chat benchmark: every request is answered with
 * {@code tokens} SSE chunks {@code gapMicros} apart, the last one together with its finish_reason
 * and [DONE] in one write. For each reply it records when the first token and the last write were handed to the socket
 * (System.nanoTime, comparable with the rest of the benchmark's JVM).
 */
final class FakeLlm implements AutoCloseable {

    /** When a reply's first token and its last write were flushed. */
    record Sent(long firstTokenNanos, long lastTokenNanos) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final int tokens;
    private final long gapNanos;

    FakeLlm(int tokens, long gapMicros) throws IOException {
        this.tokens = tokens;
        this.gapNanos = gapMicros * 1000;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/models", FakeLlm::models); // the status probe asks
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    BlockingQueue<Sent> sent() {
        return sent;
    }

    private void chat(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        long first = 0;
        long last = 0;
        for (int i = 0; i < tokens; i++) {
            if (i > 0) {
                LockSupport.parkNanos(gapNanos);
            }
            String text = i == 0 ? "[joy] Token" : " token" + i;
            StringBuilder b = new StringBuilder(chunk(text, null));
            if (i == tokens - 1) {
                b.append(chunk(null, "stop")).append("data: [DONE]\n\n");
            }
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            long now = System.nanoTime(); // taken before the write: the write itself counts as latency
            if (i == 0) {
                first = now;
            }
            last = now;
            out.write(bytes);
            out.flush();
        }
        exchange.close();
        sent.add(new Sent(first, last));
    }

    private static void models(HttpExchange exchange) throws IOException {
        byte[] body = "{\"data\":[{\"id\":\"bench\",\"object\":\"model\"}]}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String chunk(String content, String finishReason) {
        String delta = content == null ? "{}" : "{\"content\":\"" + content + "\"}";
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
