package dev.vtubermiku.bench;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark WebSocket client: subscribes to {@code bench.*}, and for every event of a phase
 * records the publish-to-receive latency and which sequence numbers it has seen. Warm-up events
 * take exactly the same path as measured ones (into their own tally), so the JIT has compiled it
 * before the measurement starts. The JDK calls a listener's methods one at a time, so the plain
 * fields are only ever touched by one thread at once; the volatile counters publish them to the
 * coordinating thread.
 */
final class FanoutClient implements WebSocket.Listener {

    static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"topics\":[\"bench.*\"]}";

    private final Tally warmup;
    private final Tally measured;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private long fragmented;
    private long serverGaps;
    private long serverErrors;
    private long otherMessages;
    private volatile @Nullable String closedBecause;

    FanoutClient(Phase warmup, Phase measured) {
        this.warmup = new Tally(warmup);
        this.measured = new Tally(measured);
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
        if (measured.phase.type().equals(type)) {
            measured.record(longField(text, "seq"), longField(text, "sent_ns"), longField(text, "due_ns"), receivedNanos);
        } else if (warmup.phase.type().equals(type)) {
            warmup.record(longField(text, "seq"), longField(text, "sent_ns"), longField(text, "due_ns"), receivedNanos);
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

    /** Events of {@code phase} received so far. */
    long received(Phase phase) {
        return phase == measured.phase ? measured.received : warmup.received;
    }

    @Nullable String closedBecause() {
        return closedBecause;
    }

    /** What this client saw of the measured phase; read after {@link #received} so the plain fields are visible. */
    Result result() {
        Tally t = measured;
        long received = t.received;
        int distinct = t.seen.cardinality();
        return new Result(received, distinct, t.phase.events() - distinct, t.duplicates, t.outOfOrder, fragmented,
                serverGaps, serverErrors, otherMessages, t.latencyMicros, t.fromDueMicros);
    }

    /** One client's tally. The histograms belong to the client; merge them, do not change them. */
    record Result(long received, long distinct, long missing, long duplicates, long outOfOrder, long fragmented,
            long serverGaps, long serverErrors, long otherMessages, Histogram latencyMicros, Histogram fromDueMicros) {}

    /**
     * One run of events, shared by all clients: its event type, how many, and latency by second of
     * publishing (to show whether it settles or grows). Each event carries when it was published
     * ({@code sent_ns}) and the slot of the publisher's fixed-rate timeline it was due in ({@code due_ns}).
     */
    record Phase(String type, int events, int eventsPerSecond, List<ConcurrentHistogram> perSecondMicros) {}

    /** This client's record of one phase. */
    private static final class Tally {
        private final Phase phase;
        /** Microseconds, 1 µs to 10 min at three significant digits. */
        private final Histogram latencyMicros = new Histogram(600_000_000L, 3);
        private final Histogram fromDueMicros = new Histogram(600_000_000L, 3);
        private final BitSet seen;
        private long lastSeq = -1;
        private long duplicates;
        private long outOfOrder;
        private volatile long received;

        Tally(Phase phase) {
            this.phase = phase;
            this.seen = new BitSet(phase.events());
        }

        void record(long seq, long sentNanos, long dueNanos, long receivedNanos) {
            long micros = Math.max(0, (receivedNanos - sentNanos) / 1000);
            latencyMicros.recordValue(micros);
            if (dueNanos >= 0) {
                fromDueMicros.recordValue(Math.max(0, (receivedNanos - dueNanos) / 1000));
            }
            long second = seq / phase.eventsPerSecond();
            if (seq >= 0 && second < phase.perSecondMicros().size()) {
                phase.perSecondMicros().get((int) second).recordValue(micros);
            }
            if (seq < 0 || seq >= phase.events() || seen.get((int) seq)) {
                duplicates++;
            } else {
                seen.set((int) seq);
            }
            if (seq <= lastSeq) {
                outOfOrder++;
            }
            lastSeq = Math.max(lastSeq, seq);
            received = received + 1;
        }
    }
}
