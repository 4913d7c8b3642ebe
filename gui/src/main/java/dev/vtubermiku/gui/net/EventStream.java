package dev.vtubermiku.gui.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.VoiceFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The backend's {@code /ws} event stream, kept alive: it reconnects with backoff (250 ms doubling
 * to 5 s) and resumes with {@code ?since=<last id>}, so a stored event is neither lost nor shown
 * twice across a backend restart. Ids at or below the last one seen are dropped, which also covers
 * the overlap between a replay and the live stream. Live-only events ({@code log.entry}, no id)
 * pass through as they come.
 *
 * <p>Callbacks run on the JDK WebSocket's thread, in order; listeners hand work to their own thread.
 */
public final class EventStream implements AutoCloseable {

    /** What the stream tells its owner. */
    public interface Listener {
        void onEvent(EventEnvelope event);

        void onState(ConnectionState state, String detail);

        /** Connected (again); {@code resumed} when it continued from a known id, so nothing was missed. */
        default void onConnected(boolean resumed) {}

        /** Live-only events (log lines) the backend dropped because this client was too slow. */
        default void onGap(long missed) {}

        /** One frame of her voice, after a {@code listen} (see {@code ClientMessage.Listen}). */
        default void onFrame(VoiceFrames.AudioFrame frame) {}
    }

    private static final System.Logger log = System.getLogger(EventStream.class.getName());
    static final long FIRST_DELAY_MS = 250;
    static final long MAX_DELAY_MS = 5000;
    private static final long PING_AFTER_MS = 5_000;
    private static final long DEAD_AFTER_MS = 12_000;
    /** The JDK's connect timeout covers TCP only; a backend that accepts but never answers the upgrade must not stall us. */
    private static final long HANDSHAKE_TIMEOUT_MS = 6_000;

    private final BackendClient client;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Listener listener;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-stream");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong generation = new AtomicLong();
    private final Object lock = new Object();
    private @Nullable WebSocket socket; // guarded by lock
    /** The socket's last send: the JDK takes one at a time, so each waits for the one before. Guarded by lock. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile @Nullable Long lastId;
    private volatile long lastMessageMs;
    private volatile boolean closed;
    private int failures; // scheduler thread and connect callbacks, guarded by lock
    private long received;

    public EventStream(BackendClient client, Listener listener) {
        this.client = client;
        this.http = client.http();
        this.json = client.json();
        this.listener = listener;
        this.clock = System::currentTimeMillis;
    }

    /** Starts connecting; returns at once. */
    public void start() {
        state(ConnectionState.CONNECTING, "Connecting to " + client.base() + "…");
        scheduler.execute(this::connect);
        scheduler.scheduleWithFixedDelay(this::watch, 2, 2, TimeUnit.SECONDS);
    }

    /** The id of the newest stored event seen, or null before the first. */
    public @Nullable Long lastId() {
        return lastId;
    }

    /** Events handed to the listener (for tests and the status bar). */
    public long received() {
        return received;
    }

    /** Sends a client message ({@code subscribe}, {@code chat}, {@code listen}); false when not connected. */
    public boolean send(Object message) {
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (Exception e) {
            return false;
        }
        synchronized (lock) {
            WebSocket ws = socket;
            if (ws == null) {
                return false;
            }
            sendText(ws, text);
            return true;
        }
    }

    /** Holds the lock: sends after the socket's previous send (a failed one ends the socket anyway). */
    private void sendText(WebSocket ws, String text) {
        sending = sending.exceptionally(e -> null).thenCompose(done -> ws.sendText(text, true));
    }

    private void connect() {
        if (closed) {
            return;
        }
        long gen = generation.incrementAndGet();
        Long since = lastId;
        URI uri = client.webSocketUri(since);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3)).buildAsync(uri, new Socket(gen))
                .orTimeout(HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        if (gen == generation.get()) {
                            retry(BackendException.describe(error));
                        }
                        return;
                    }
                    synchronized (lock) {
                        if (closed || gen != generation.get()) {
                            ws.abort();
                            return;
                        }
                        socket = ws;
                        failures = 0;
                        sending = CompletableFuture.completedFuture(null);
                        // The pong carries the backend's newest stored id, so a first connection knows where to resume.
                        sendText(ws, "{\"type\":\"ping\"}");
                    }
                    lastMessageMs = clock.getAsLong();
                    state(ConnectionState.CONNECTED, since == null ? "Connected to " + client.base()
                            : "Connected to " + client.base() + ", resumed after event " + since);
                    safely(() -> listener.onConnected(since != null));
                });
    }

    private void lost(String why) {
        synchronized (lock) {
            socket = null;
        }
        generation.incrementAndGet();
        retry(why);
    }

    private void retry(String why) {
        if (closed) {
            return;
        }
        long delay;
        synchronized (lock) {
            delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(failures, 5));
            failures++;
        }
        state(ConnectionState.RECONNECTING, "Disconnected (" + why + "); retrying in "
                + String.format(java.util.Locale.ROOT, "%.1f", delay / 1000.0) + " s");
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** A connection that went silent (no pong, no event) is dead even if TCP has not noticed. */
    private void watch() {
        WebSocket ws;
        synchronized (lock) {
            ws = socket;
        }
        if (ws == null || closed) {
            return;
        }
        long silent = clock.getAsLong() - lastMessageMs;
        if (silent > DEAD_AFTER_MS) {
            ws.abort();
            lost("no answer for " + silent / 1000 + " s");
        } else if (silent > PING_AFTER_MS) {
            synchronized (lock) {
                sendText(ws, "{\"type\":\"ping\"}");
            }
        }
    }

    private void handle(String text) {
        lastMessageMs = clock.getAsLong();
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (Exception e) {
            log.log(System.Logger.Level.DEBUG, "Unreadable message from /ws: {0}", e.toString());
            return;
        }
        if (node.has("timestamp")) {
            EventEnvelope event;
            try {
                event = json.treeToValue(node, EventEnvelope.class);
            } catch (Exception e) {
                log.log(System.Logger.Level.DEBUG, "Unreadable event from /ws: {0}", e.toString());
                return;
            }
            Long id = event.id();
            if (id != null) {
                Long last = lastId;
                if (last != null && id <= last) {
                    return; // seen before the reconnect: replayed by ?since=
                }
                lastId = id;
            }
            received++;
            safely(() -> listener.onEvent(event));
            return;
        }
        switch (node.path("type").asText()) {
            case "pong" -> {
                if (node.hasNonNull("last_id") && lastId == null) {
                    lastId = node.get("last_id").asLong();
                }
            }
            case "gap" -> safely(() -> listener.onGap(node.path("missed").asLong()));
            case "error" -> log.log(System.Logger.Level.WARNING, "The backend refused a message: {0}", node.path("problem").path("detail").asText());
            default -> { }
        }
    }

    private void frame(byte[] bytes) {
        VoiceFrames.AudioFrame frame;
        try {
            frame = VoiceFrames.decode(ByteBuffer.wrap(bytes));
        } catch (IllegalArgumentException e) {
            log.log(System.Logger.Level.DEBUG, "Unreadable audio frame from /ws: {0}", e.toString());
            return;
        }
        safely(() -> listener.onFrame(frame));
    }

    private void state(ConnectionState state, String detail) {
        safely(() -> listener.onState(state, detail));
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "An event listener failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws;
        synchronized (lock) {
            ws = socket;
            socket = null;
        }
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(1, TimeUnit.SECONDS).exceptionally(e -> null)
                    .thenRun(ws::abort);
        }
        scheduler.shutdownNow();
        state(ConnectionState.CLOSED, "Closed");
    }

    private final class Socket implements WebSocket.Listener {
        private final long gen;
        private final WholeMessages parts = new WholeMessages();

        Socket(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            // A handshake that finished after we gave up on it: drop it, a newer attempt owns the stream.
            if (closed || gen != generation.get()) {
                ws.abort();
                return;
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String message = parts.text(data, last);
            if (message != null && gen == generation.get()) {
                handle(message);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] whole = parts.binary(data, last);
            if (whole != null && gen == generation.get()) {
                lastMessageMs = clock.getAsLong();
                frame(whole);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            lastMessageMs = clock.getAsLong();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            lastMessageMs = clock.getAsLong();
            ws.request(1);
            return null; // the JDK answers with a pong itself
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (gen == generation.get() && !closed) {
                lost("closed by the backend" + (reason.isBlank() ? "" : ": " + reason));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (gen == generation.get() && !closed) {
                lost(error.getMessage() != null ? error.getMessage() : error.toString());
            }
        }
    }
}
