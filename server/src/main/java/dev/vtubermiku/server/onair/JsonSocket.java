package dev.vtubermiku.server.onair;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection of JSON text messages to a program on this machine, on the JDK's own
 * client (no library that brings a second Jetty). Every callback runs on the owner's executor, in
 * order. Sending never blocks: at most {@link #MAX_PENDING} messages wait for the peer, more are
 * dropped and counted (a peer that stops reading costs dropped mouth values, not memory).
 */
public final class JsonSocket {

    /** What the owner hears; all on its executor. */
    public interface Handler {
        void text(JsonSocket socket, String message);

        /** The peer closed the connection (an obs-websocket close code says why). */
        void closed(JsonSocket socket, int code, String reason);

        /** The connection broke, or the peer sent something no client should accept. */
        void failed(JsonSocket socket, Throwable error);
    }

    /** The longest message accepted; a longer one breaks the connection (a hotkey list is a few kB). */
    public static final int MAX_MESSAGE_CHARS = 1 << 20;
    public static final int MAX_PENDING = 64;

    private final Executor events;
    private final Handler handler;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Object sendLock = new Object();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;

    private JsonSocket(Executor events, Handler handler) {
        this.events = events;
        this.handler = handler;
    }

    /** Connects; the future fails when the program does not answer within {@code timeout}. */
    public static CompletableFuture<JsonSocket> open(HttpClient http, URI uri, Duration timeout, Executor events,
            Handler handler) {
        JsonSocket owner = new JsonSocket(events, handler);
        return http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, owner.new Receiver())
                .thenApply(ws -> {
                    owner.socket = ws;
                    return owner;
                });
    }

    /** Queues a message; false when it was dropped because too many wait for the peer already. */
    public boolean send(String text) {
        synchronized (sendLock) {
            if (pending.get() >= MAX_PENDING) {
                dropped.incrementAndGet();
                return false;
            }
            pending.incrementAndGet();
            // The JDK allows one outstanding send at a time: each waits for the one before.
            tail = tail.handle((done, error) -> null)
                    .thenCompose(x -> socket.sendText(text, true))
                    .whenComplete((ws, error) -> {
                        pending.decrementAndGet();
                        if (error != null) {
                            events.execute(() -> handler.failed(this, error));
                        }
                    });
            return true;
        }
    }

    /** Starts reading: the owner is ready for the callbacks. */
    public void begin() {
        socket.request(1);
    }

    /** Messages dropped so far because the peer did not keep up. */
    public long dropped() {
        return dropped.get();
    }

    /** Ends the connection at once; no callback follows. */
    public void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            // Nothing is read before the owner holds this connection ({@link #begin}): a greeting the
            // program sends at once (OBS's Hello) must not reach an owner that cannot place it yet.
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_MESSAGE_CHARS) {
                partial.setLength(0);
                webSocket.abort();
                events.execute(() -> handler.failed(JsonSocket.this,
                        new IllegalStateException("a message longer than " + MAX_MESSAGE_CHARS + " characters")));
                return null;
            }
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                events.execute(() -> handler.text(JsonSocket.this, message));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            webSocket.request(1); // neither program sends binary in JSON mode; ignored
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.execute(() -> handler.closed(JsonSocket.this, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.execute(() -> handler.failed(JsonSocket.this, error));
        }
    }
}
