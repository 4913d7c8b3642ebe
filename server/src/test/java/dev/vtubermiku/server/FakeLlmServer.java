package dev.vtubermiku.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server on loopback for tests: real HTTP, real SSE. Each
 * request takes the next {@link Script} (the last one repeats), and its JSON body is kept so that a
 * test can read the prompt it was sent.
 */
public final class FakeLlmServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a scripted reply ends. */
    public enum End {
        /** A finish_reason chunk, then {@code data: [DONE]}. */
        DONE,
        /** The connection closes without a finish reason. */
        DROP,
        /** A chunk that is not JSON, then the server keeps the connection open. */
        MALFORMED,
        /** Nothing more: the server keeps the connection open, sending only SSE comments. */
        HANG,
        /** Nothing at all for 3 s, then SSE comments (which fail if the client has closed the connection). */
        SILENT
    }

    /** One reply: an HTTP status (non-200: error body, no stream), a delay, tokens, and how it ends. */
    public record Script(int status, Duration firstDelay, List<String> tokens, Duration between, End end) {
        public static Script reply(String... tokens) {
            return new Script(200, Duration.ZERO, List.of(tokens), Duration.ZERO, End.DONE);
        }

        public static Script status(int status) {
            return new Script(status, Duration.ZERO, List.of(), Duration.ZERO, End.DONE);
        }

        public Script delayed(Duration delay) {
            return new Script(status, delay, tokens, between, end);
        }

        public Script every(Duration pause) {
            return new Script(status, firstDelay, tokens, pause, end);
        }

        public Script ending(End how) {
            return new Script(status, firstDelay, tokens, between, how);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private volatile Script last = Script.reply("[neutral] ", "Hello.");
    private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
    private volatile boolean recording = true;
    private final AtomicInteger chatRequests = new AtomicInteger();
    private volatile CountDownLatch clientGone = new CountDownLatch(1);
    private volatile List<String> models = List.of("test-model");

    public FakeLlmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/models", this::models);
        server.start();
    }

    /** The base URL to configure as LLM_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next requests get these scripts in turn; the last one then repeats. */
    public FakeLlmServer script(Script... next) {
        scripts.clear();
        for (int i = 0; i < next.length; i++) {
            if (i == next.length - 1) {
                last = next[i];
            } else {
                scripts.add(next[i]);
            }
        }
        clientGone = new CountDownLatch(1);
        requests.clear();
        chatRequests.set(0);
        return this;
    }

    public FakeLlmServer models(List<String> ids) {
        this.models = List.copyOf(ids);
        return this;
    }

    /**
     * Whether chat request bodies are kept for {@link #requests()} (on by default). A long load run
     * turns it off: every body holds the whole prompt, history included, so thousands of turns kept
     * would be the harness's heap growth, not the backend's.
     */
    public FakeLlmServer recording(boolean on) {
        recording = on;
        return this;
    }

    /** Bodies of the chat requests received since the last {@link #script}, oldest first. */
    public BlockingQueue<JsonNode> requests() {
        return requests;
    }

    public int chatRequests() {
        return chatRequests.get();
    }

    /** Counted down when a client closed a stream, requested since the last {@link #script}, that the server was still writing. */
    public CountDownLatch clientGone() {
        return clientGone;
    }

    private void models(HttpExchange exchange) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        var data = body.putArray("data");
        models.forEach(id -> data.addObject().put("id", id).put("object", "model"));
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void chat(HttpExchange exchange) throws IOException {
        // The latch of the script this request was made under: a stream of an earlier test that breaks
        // late must not count for the next test's.
        CountDownLatch gone = clientGone;
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        request = ((ObjectNode) request).set("_headers", JSON.valueToTree(exchange.getRequestHeaders()));
        if (recording) {
            requests.add(request);
        }
        chatRequests.incrementAndGet();
        Script script = scripts.poll();
        if (script == null) {
            script = last;
        }
        try {
            pause(script.firstDelay());
            if (script.status() != 200) {
                byte[] body = ("{\"error\":{\"message\":\"scripted " + script.status() + "\"}}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(script.status(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < script.tokens().size(); i++) {
                if (i > 0) {
                    pause(script.between());
                }
                send(out, chunk(script.tokens().get(i), null));
            }
            switch (script.end()) {
                case DONE -> {
                    send(out, chunk(null, "stop"));
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    exchange.close();
                }
                case DROP -> exchange.close(); // a clean end of the body, but no finish_reason and no [DONE]
                case MALFORMED -> {
                    out.write("data: {\"choices\": [ this is not json\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    keepOpen(out);
                }
                case HANG -> keepOpen(out);
                case SILENT -> {
                    pause(Duration.ofSeconds(3));
                    keepOpen(out);
                }
            }
        } catch (IOException e) {
            gone.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes SSE comments now and then (no data) until the client goes away; a dropped client shows as an IOException. */
    private static void keepOpen(OutputStream out) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            pause(Duration.ofMillis(50));
            out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String chunk(String content, String finishReason) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", "chatcmpl-test").put("object", "chat.completion.chunk").put("created", 1).put("model", "test-model");
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        } else {
            choice.putNull("finish_reason");
        }
        return JSON.writeValueAsString(c);
    }

    private static void pause(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            Thread.sleep(d.toMillis()); // the scripted server's own pacing, not test synchronisation
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
