package dev.vtubermiku.server.onair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.core.status.ServiceHealth;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to another program that keeps itself up: connects, hears of a closed or broken
 * connection, retries with backoff, and reports each change of state once. Everything a link does
 * runs on its own single thread (its loop), so its state needs no locks and no caller ever waits for
 * the other program: callers post to the loop and return.
 *
 * @param <S> the link's states
 */
public abstract class RemoteLink<S extends Enum<S>> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteLink.class);

    protected final ScheduledExecutorService loop;
    protected final ObjectMapper json;
    private final String program;
    private final URI uri;
    private @Nullable HttpClient http;
    private final Backoff backoff;
    private final Duration connectTimeout;
    private final List<BiConsumer<S, String>> listeners = new CopyOnWriteArrayList<>();
    private final S connecting;
    /** How often a quiet connection is checked: pinged after one period of silence, dropped after three. */
    private final Duration heartbeat;
    private long lastHeardNanos;
    private boolean watching;
    private final S unreachable;
    private volatile S state;
    private volatile String detail;
    private @Nullable JsonSocket socket;
    private @Nullable ScheduledFuture<?> retry;
    private volatile boolean closed;
    static final int MAX_QUEUED_CUES = 256;
    private final java.util.concurrent.atomic.AtomicInteger queuedCues = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong droppedCues = new java.util.concurrent.atomic.AtomicLong();
    /** Counts connection attempts, so an attempt that a newer one replaced is dropped when it completes. */
    private long attempt;

    /**
     * @param connecting the state while a connection is being opened (also the first state)
     * @param unreachable the state of a program that cannot be reached (retried with backoff)
     */
    protected RemoteLink(String program, URI uri, ObjectMapper json, Backoff backoff, Duration connectTimeout,
            Duration heartbeat, S connecting, S unreachable) {
        this.heartbeat = heartbeat;
        this.connecting = connecting;
        this.unreachable = unreachable;
        this.program = program;
        this.uri = uri;
        this.json = json;
        this.backoff = backoff;
        this.connectTimeout = connectTimeout;
        this.state = connecting;
        this.detail = "not connected yet";
        this.loop = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(program.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-link").factory());
    }

    /** The connection is open; the program's protocol starts here. On the loop. */
    protected abstract void opened();

    /** Asks the program for anything it answers (its connection stays quiet otherwise). On the loop, while open. */
    protected abstract void ping();

    /** A message arrived, already parsed as a JSON object. On the loop. */
    protected abstract void received(JsonNode message);

    /** What the state means to {@code /api/status}. */
    public abstract ServiceHealth health();

    /** Hears every change of state or detail (on the loop). */
    public void onChange(BiConsumer<S, String> listener) {
        listeners.add(listener);
    }

    public S state() {
        return state;
    }

    public String detail() {
        return detail;
    }

    public URI uri() {
        return uri;
    }

    /** Connects now, dropping any connection or waiting retry: the user's "connect / retry now". */
    public void connectNow() {
        post(() -> {
            backoff.reset();
            open(false);
        });
    }

    /**
     * Runs one of her speech events' work on the loop: at most {@link #MAX_QUEUED_CUES} wait, more are
     * dropped and counted (a loop held up by its program costs stale cues, never memory).
     */
    protected void postCue(Runnable task) {
        if (queuedCues.incrementAndGet() > MAX_QUEUED_CUES) {
            queuedCues.decrementAndGet();
            if (droppedCues.getAndIncrement() == 0) {
                log.warn("{} link is behind; speech events are dropped until it catches up", program);
            }
            return;
        }
        post(() -> {
            queuedCues.decrementAndGet();
            task.run();
        });
    }

    /** Speech events dropped so far because the link was behind. */
    public long droppedCues() {
        return droppedCues.get();
    }

    /** Runs on the loop; dropped once the link is closed. */
    protected void post(Runnable task) {
        if (!closed) {
            try {
                loop.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    /** @param retrying a retry after the backoff: the state stays unreachable until it works (one event per change) */
    private void open(boolean retrying) {
        cancelRetry();
        drop();
        if (!retrying || state != unreachable) {
            change(connecting, "connecting to " + program + " at " + uri);
        }
        long mine = ++attempt;
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(connectTimeout).build(); // its selector thread only once in use
        }
        JsonSocket.open(http, uri, connectTimeout, loop, new Events())
                .whenCompleteAsync((opened, error) -> {
                    if (closed || mine != attempt) {
                        if (opened != null) {
                            opened.close();
                        }
                        return;
                    }
                    if (error != null) {
                        lost(program + " does not answer at " + uri + " (" + reason(error) + ")");
                        return;
                    }
                    socket = opened;
                    lastHeardNanos = System.nanoTime();
                    watch();
                    opened.begin();
                    opened();
                }, loop);
    }

    /**
     * Starts the heartbeat once: a connection that says nothing for three periods (a program that hangs,
     * a half-open socket no close frame ever ends) is dropped and retried like a broken one.
     */
    private void watch() {
        if (watching) {
            return;
        }
        watching = true;
        long every = Math.max(1, heartbeat.toMillis());
        loop.scheduleWithFixedDelay(() -> {
            if (socket == null) {
                return;
            }
            long quiet = System.nanoTime() - lastHeardNanos;
            if (quiet > 3 * heartbeat.toNanos()) {
                lost(program + " stopped answering (nothing for " + quiet / 1_000_000 + " ms)");
            } else if (quiet > heartbeat.toNanos()) {
                ping();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Sends a message on the open connection; false when there is none or the peer is not keeping up. */
    protected boolean send(ObjectNode message) {
        JsonSocket open = socket;
        return open != null && open.send(message.toString());
    }

    protected boolean isOpen() {
        return socket != null;
    }

    /** The program is in reach and working: the state, and the backoff starts from the beginning again. */
    protected void up(S connected, String why) {
        backoff.reset();
        change(connected, why);
    }

    /** The connection is gone or useless: drop it and try again after the backoff. */
    protected void lost(String why) {
        drop();
        change(unreachable, why);
        Duration wait = backoff.next();
        cancelRetry();
        if (!closed) {
            retry = loop.schedule(() -> open(true), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Trying again cannot help (a refused token or password): drop the connection and wait for the user. */
    protected void stop(S terminal, String why) {
        cancelRetry();
        drop();
        change(terminal, why);
    }

    /** Sets the state and detail; listeners hear of it when either changed. */
    protected void change(S next, String why) {
        if (next == state && why.equals(detail)) {
            return;
        }
        detail = why; // before the state: a reader who sees the new state sees its detail
        state = next;
        for (BiConsumer<S, String> listener : listeners) {
            try {
                listener.accept(next, why);
            } catch (RuntimeException e) {
                log.warn("A {} state listener failed", program, e);
            }
        }
    }

    /** The peer closed the connection; a link whose program's close codes mean something overrides this. */
    protected void peerClosed(int code, String reason) {
        lost(program + " closed the connection" + (reason.isBlank() ? " (" + code + ")" : " (" + code + " " + reason + ")"));
    }

    private void drop() {
        JsonSocket open = socket;
        socket = null;
        if (open != null) {
            open.close();
        }
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return switch (cause) {
            case HttpTimeoutException t -> "no answer within the connect timeout";
            case ConnectException c -> "connection refused";
            case java.net.http.WebSocketHandshakeException h -> "not a WebSocket server (HTTP " + h.getResponse().statusCode() + ")";
            case IOException io -> io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
            default -> cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.execute(() -> {
            cancelRetry();
            drop();
            if (http != null) {
                http.shutdownNow();
            }
        });
        loop.shutdown();
        try {
            if (!loop.awaitTermination(2, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownNow();
        }
    }

    /** The connection's callbacks, already on the loop; those of a connection since replaced are ignored. */
    private final class Events implements JsonSocket.Handler {
        @Override
        public void text(JsonSocket from, String message) {
            if (from != socket) {
                return;
            }
            lastHeardNanos = System.nanoTime();
            JsonNode node;
            try {
                node = json.readTree(message);
            } catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                log.warn("{} sent something that is not a JSON object; reconnecting", program);
                lost(program + " at " + uri + " answered something that is not its API (not a JSON object)");
                return;
            }
            try {
                received(node);
            } catch (RuntimeException e) {
                log.warn("{} sent a message this link could not handle; reconnecting", program, e);
                lost(program + " sent a message that does not fit its API (" + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public void closed(JsonSocket from, int code, String reason) {
            if (from == socket) {
                socket = null;
                peerClosed(code, reason);
            }
        }

        @Override
        public void failed(JsonSocket from, Throwable error) {
            if (from == socket) {
                lost("the connection to " + program + " broke (" + reason(error) + ")");
            }
        }
    }
}
