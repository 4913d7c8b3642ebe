package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.voice.TurnAudioSink;
import dev.vtubermiku.protocol.VoiceFrames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whoever asked to hear her ({@code {"type":"listen","as":"overlay"|"desktop"}} on /ws): every frame
 * of every utterance goes to each listener whose role the {@code VOICE_PLAYBACK} setting includes
 * now, so she is never heard twice. Each listener has a bounded queue and a sender thread of its
 * own: a slow or stalled listener loses frames (counted), never delays her or the others. After a
 * turn is {@linkplain #cut cut}, none of its frames is written, not even one already queued.
 */
public final class VoiceListeners implements TurnAudioSink {

    private static final Logger log = LoggerFactory.getLogger(VoiceListeners.class);
    /** Frames a listener may fall behind by (20 ms each: 5 s) before frames are dropped for it. */
    static final int QUEUE_FRAMES = 250;
    /** Cut turns remembered, newest kept. */
    private static final int CUT_TURNS = 256;

    /** Who listens: the page in OBS, or the command center on the streamer's desktop. */
    public enum Role {
        OVERLAY, DESKTOP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Role> of(String wire) {
            for (Role r : values()) {
                if (r.wire().equals(wire)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code VOICE_PLAYBACK}: where her voice plays. */
    public enum Playback {
        DESKTOP, OVERLAY, BOTH;

        public boolean includes(Role role) {
            return this == BOTH || name().equals(role.name());
        }

        /** {@code desktop}, {@code overlay} or {@code both}, any case. */
        public static Optional<Playback> of(String value) {
            for (Playback p : values()) {
                if (p.name().equalsIgnoreCase(value.strip())) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** Writes one encoded frame to a listener (may block), if {@code wanted} still holds under its write lock. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] frame, BooleanSupplier wanted) throws Exception;
    }

    private final Supplier<Playback> playback;
    private final ThreadFactory threads;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<UUID> cut = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > CUT_TURNS;
        }
    });

    public VoiceListeners(Supplier<Playback> playback, ThreadFactory threads) {
        this.playback = playback;
        this.threads = threads;
    }

    /** Starts sending her audio to a listener; close the returned one to stop. */
    public Listener listen(Role role, Sender sender) {
        Listener l = new Listener(role, sender);
        Thread t = threads.newThread(l::pump);
        t.setName("listener-" + role.wire());
        l.thread = t;
        listeners.add(l);
        t.start();
        return l;
    }

    @Override
    public void audio(VoiceFrames.AudioFrame frame) {
        if (listeners.isEmpty() || isCut(frame.turnId())) {
            return;
        }
        Playback now = playback.get();
        byte @Nullable [] bytes = null;
        for (Listener l : listeners) {
            if (now.includes(l.role)) {
                if (bytes == null) {
                    bytes = VoiceFrames.encode(frame); // once, whoever listens
                }
                l.offer(new Queued(frame.turnId(), bytes));
            }
        }
    }

    @Override
    public void cut(UUID turn) {
        synchronized (cut) {
            cut.add(turn);
        }
        for (Listener l : listeners) {
            l.queue.removeIf(q -> q.turn.equals(turn));
        }
    }

    private boolean isCut(UUID turn) {
        synchronized (cut) {
            return cut.contains(turn);
        }
    }

    /**
     * A voice session's output: her turn's frames to the listeners (first: that never blocks) and to
     * the session's own client, as today; a cut turn is cut for the listeners.
     */
    public TurnAudioSink alsoTo(TurnAudioSink own) {
        return new TurnAudioSink() {
            @Override
            public void audio(VoiceFrames.AudioFrame frame) {
                VoiceListeners.this.audio(frame);
                own.audio(frame);
            }

            @Override
            public void cut(UUID turn) {
                VoiceListeners.this.cut(turn);
                own.cut(turn);
            }
        };
    }

    /** The VOICE_PLAYBACK setting now. */
    public Playback playback() {
        return playback.get();
    }

    /** How many listen now. */
    public int size() {
        return listeners.size();
    }

    private record Queued(UUID turn, byte[] bytes) {}

    /** One listener: its role, its queue, the frames it lost. */
    public final class Listener implements AutoCloseable {
        private final Role role;
        private final Sender sender;
        private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
        private final AtomicLong dropped = new AtomicLong();
        private volatile boolean closed;
        private volatile @Nullable Thread thread;

        private Listener(Role role, Sender sender) {
            this.role = role;
            this.sender = sender;
        }

        public Role role() {
            return role;
        }

        /** Frames it was too slow to take. */
        public long dropped() {
            return dropped.get();
        }

        private void offer(Queued q) {
            if (!closed && !queue.offer(q) && dropped.getAndIncrement() == 0) {
                log.info("A {} listener is not keeping up with her voice: frames are dropped for it", role.wire());
            }
        }

        private void pump() {
            try {
                while (!closed) {
                    Queued q = queue.poll(250, TimeUnit.MILLISECONDS);
                    if (q == null) {
                        continue;
                    }
                    sender.send(q.bytes, () -> !closed && !isCut(q.turn));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) { // the socket is gone: it closes the listener itself
                log.debug("A {} listener stopped: {}", role.wire(), e.toString());
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            closed = true;
            listeners.remove(this);
            queue.clear();
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
        }
    }
}
