package dev.vtubermiku.bench;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark WebSocket client: subscribes to {@code bench.*}, and for every tick records the
 * publish-to-receive latency and which sequence numbers it has seen. The JDK calls a listener's
 * methods one at a time, so the plain fields below are only ever touched by one thread at once;
 * the volatile counters publish them to the coordinating thread.
 */
final class FanoutClient implements WebSocket.Listener {

    static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"topics\":[\"bench.*\"]}";
    static final String TICK = "bench.tick";
    static final String WARMUP = "bench.warmup";

    private final int expectedTicks;
    private final int ticksPerSecond;
    /** Shared by all clients, one per second of the run by publish time, to show whether latency settles or grows. */
    private final List<ConcurrentHistogram> perSecondMicros;
    private final AtomicReference<Timeline> timeline;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    /** Microseconds, 1 µs to 10 min at three significant digits. */
    private final Histogram latencyMicros = new Histogram(600_000_000L, 3);
    private final Histogram fromDueMicros = new Histogram(600_000_000L, 3);
    private final BitSet seen;
    private long lastSeq = -1;
    private long duplicates;
    private long outOfOrder;
    private long fragmented;
    private long serverGaps;
    private long serverErrors;
    private long otherMessages;
    private volatile long ticks;
    private volatile long warmups;
    private volatile @Nullable String closedBecause;

    FanoutClient(int expectedTicks, int ticksPerSecond, List<ConcurrentHistogram> perSecondMicros,
            AtomicReference<Timeline> timeline) {
        this.expectedTicks = expectedTicks;
        this.ticksPerSecond = ticksPerSecond;
        this.perSecondMicros = perSecondMicros;
        this.timeline = timeline;
        this.seen = new BitSet(expectedTicks);
    }

    CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (!last) {
            partial.append(data);
            fragmented++;
            webSocket.request(1);
            return null;
        }
        String text;
        if (partial.isEmpty()) {
            text = data.toString();
        } else {
            text = partial.append(data).toString();
            partial.setLength(0);
        }
        handle(text, now);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        otherMessages++;
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedBecause = "closed " + statusCode + " " + reason;
        subscribed.completeExceptionally(new IllegalStateException(closedBecause));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedBecause = "error " + error;
        subscribed.completeExceptionally(error);
    }

    /**
     * A targeted scan instead of a JSON parser: 200 clients take 200,000 messages a second in the
     * same JVM as the server, and a full parse per message would measure the client, not the fan-out.
     */
    private void handle(String text, long receivedNanos) {
        String type = stringField(text, "type");
        if (TICK.equals(type)) {
            long seq = longField(text, "seq");
            long sent = longField(text, "sent_ns");
            long micros = Math.max(0, (receivedNanos - sent) / 1000);
            latencyMicros.recordValue(micros);
            Timeline t = timeline.get();
            if (t != null && seq >= 0) {
                fromDueMicros.recordValue(Math.max(0, (receivedNanos - t.due(seq)) / 1000));
            }
            int second = (int) (seq / ticksPerSecond);
            if (seq >= 0 && second < perSecondMicros.size()) {
                perSecondMicros.get(second).recordValue(micros);
            }
            if (seq < 0 || seq >= expectedTicks || seen.get((int) seq)) {
                duplicates++;
            } else {
                seen.set((int) seq);
            }
            if (seq <= lastSeq) {
                outOfOrder++;
            }
            lastSeq = Math.max(lastSeq, seq);
            ticks = ticks + 1;
        } else if (WARMUP.equals(type)) {
            warmups = warmups + 1;
        } else if ("subscribed".equals(type)) {
            subscribed.complete(null);
        } else if ("gap".equals(type)) {
            serverGaps++;
        } else if ("error".equals(type)) {
            serverErrors++;
            subscribed.completeExceptionally(new IllegalStateException("server error: " + text));
        } else {
            otherMessages++; // log.entry / system.status sent before the subscription took effect
        }
    }

    private static @Nullable String stringField(String text, String name) {
        String key = "\"" + name + "\":\"";
        int start = text.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    private static long longField(String text, String name) {
        String key = "\"" + name + "\":";
        int i = text.indexOf(key);
        if (i < 0) {
            return -1;
        }
        i += key.length();
        long value = 0;
        boolean any = false;
        for (; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            value = value * 10 + (text.charAt(i) - '0');
            any = true;
        }
        return any ? value : -1;
    }

    long ticks() {
        return ticks;
    }

    long warmups() {
        return warmups;
    }

    @Nullable String closedBecause() {
        return closedBecause;
    }

    /** What this client saw; read after {@link #ticks()} so the plain fields are visible. */
    Result result() {
        long received = ticks;
        return new Result(received, seen.cardinality(), expectedTicks - seen.cardinality(), duplicates, outOfOrder,
                fragmented, serverGaps, serverErrors, otherMessages, latencyMicros, fromDueMicros);
    }

    /** One client's tally. The histograms belong to the client; merge them, do not change them. */
    record Result(long received, long distinct, long missing, long duplicates, long outOfOrder, long fragmented,
            long serverGaps, long serverErrors, long otherMessages, Histogram latencyMicros, Histogram fromDueMicros) {}

    /** The publisher's fixed-rate slots: event {@code seq} is due at {@code first + seq × period}. */
    record Timeline(long firstDueNanos, long periodNanos) {
        long due(long seq) {
            return firstDueNanos + seq * periodNanos;
        }
    }
}
