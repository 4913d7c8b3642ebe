package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket test client that collects every text message it receives. */
final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = Json.newMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    WsClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                messages.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException("not JSON: " + partial, e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .join();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, or fails after the timeout. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within " + timeout);
        }
        return message;
    }

    /** The next message matching {@code which}, skipping others. */
    JsonNode next(Predicate<JsonNode> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no matching WebSocket message within " + timeout);
            }
            if (which.test(message)) {
                return message;
            }
        }
    }

    /** Every message that arrives within {@code quiet} of the previous one. */
    List<JsonNode> drain(Duration quiet) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        JsonNode m;
        while ((m = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(m);
        }
        return out;
    }

    static Predicate<JsonNode> type(String type) {
        return m -> type.equals(m.path("type").asText());
    }

    @Override
    public void close() {
        socket.abort();
    }
}
