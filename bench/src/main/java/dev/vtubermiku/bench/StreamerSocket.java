package dev.vtubermiku.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.protocol.VoiceFrames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * VoiceLoopBench's streamer on a real {@code /ws}: a live microphone thread (20 ms of PCM every
 * 20 ms, silence unless a phrase's tail or words over her are playing), and what comes back: her
 * messages (each stamped {@code _arrived}, nanos) and her audio frames ({arrival nanos, flags}).
 */
final class StreamerSocket implements AutoCloseable {

    static final int RATE = 16_000;
    static final int FRAME = 320; // 20 ms
    private static final ObjectMapper JSON = Json.newMapper();

    private final short[] speech;
    private final WebSocket ws;
    private final BlockingQueue<JsonNode> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<long[]> frames = new LinkedBlockingQueue<>();
    private final AtomicReference<short @Nullable []> tail = new AtomicReference<>();
    private final AtomicReference<short @Nullable []> insert = new AtomicReference<>();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicBoolean hush = new AtomicBoolean();
    private final AtomicBoolean talking = new AtomicBoolean(true);
    private final Thread microphone;

    /** Connects to the backend on {@code port}; {@code speech} is the streamer's recording at 16 kHz. */
    StreamerSocket(int port, short[] speech) {
        this.speech = speech;
        this.ws = connect(port);
        this.microphone = Thread.ofPlatform().name("bench-microphone").daemon(true).start(this::microphone);
    }

    /** Starts a voice session with {@code character}, forgetting what came before. */
    void start(long character) throws InterruptedException {
        texts.clear();
        frames.clear();
        send("{\"type\":\"voice.start\",\"character_id\":" + character + "}");
        next(m -> "voice.started".equals(m.path("type").asText()));
    }

    void stop() throws InterruptedException {
        hush.set(true); // what the microphone still plays belongs to this round
        send("{\"type\":\"voice.stop\"}");
        next(m -> "voice.stopped".equals(m.path("type").asText()));
    }

    /** The phrase (0-2.2 s) at once; the microphone thread goes on with what follows in real time. Returns when it ended. */
    long sendPhrase() {
        int end = (int) (2.2 * RATE);
        synchronized (this) {
            for (int i = 0; i < end; i += FRAME) {
                ws.sendBinary(ByteBuffer.wrap(VoiceFrames.pcm(speech, i, Math.min(end, i + FRAME))), true).join();
            }
            tail.set(Arrays.copyOfRange(speech, end, (int) (3.3 * RATE))); // the file's own silence after the phrase
        }
        return System.nanoTime();
    }

    /** The recording from {@code from} to the phrase's end, played live over her; see {@link #talkedOverAt}. */
    void talkOver(int from) {
        insert.set(Arrays.copyOfRange(speech, from, (int) (2.2 * RATE)));
    }

    /** When the microphone sent the first frame of the last {@link #talkOver}, nanos. */
    long talkedOverAt() {
        return inserted.get();
    }

    /** The next message of hers that matches, within 30 s. */
    JsonNode next(Predicate<JsonNode> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode m = texts.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IllegalStateException("no matching WebSocket message within 30 s");
            }
            if (which.test(m)) {
                return m;
            }
        }
    }

    /** The next audio frame whose flags match, within 30 s: {arrival nanos, flags}. */
    long[] nextFrame(LongPredicate flags) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long[] f = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new IllegalStateException("no audio frame within 30 s");
            }
            if (flags.test(f[1])) {
                return f;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        talking.set(false);
        microphone.join(1000);
        ws.abort();
    }

    private void send(String text) {
        synchronized (this) {
            ws.sendText(text, true).join();
        }
    }

    /** A live microphone: 20 ms every 20 ms; silence unless a tail or an insert is playing. */
    private void microphone() {
        long start = System.nanoTime();
        long frame = 0;
        short[] playing = null;
        int at = 0;
        short[] silence = new short[FRAME];
        while (talking.get()) {
            long wait = start + frame * 20_000_000L - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            frame++;
            if (hush.getAndSet(false)) {
                playing = null;
            }
            short[] next = insert.getAndSet(null);
            boolean words = next != null;
            if (next == null) {
                next = tail.getAndSet(null);
            }
            if (next != null) {
                playing = next;
                at = 0;
                if (words) {
                    inserted.set(System.nanoTime()); // the streamer's first words over her
                }
            }
            byte[] pcm;
            if (playing != null && at < playing.length) {
                pcm = VoiceFrames.pcm(playing, at, Math.min(playing.length, at + FRAME));
                at += FRAME;
            } else {
                pcm = VoiceFrames.pcm(silence, 0, FRAME);
            }
            synchronized (this) {
                try {
                    ws.sendBinary(ByteBuffer.wrap(pcm), true).join();
                } catch (RuntimeException e) {
                    return;
                }
            }
        }
    }

    private WebSocket connect(int port) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();
                    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            long now = System.nanoTime();
                            try {
                                JsonNode node = JSON.readTree(partial.toString());
                                ((ObjectNode) node).put("_arrived", now);
                                texts.add(node);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                        byte[] part = new byte[data.remaining()];
                        data.get(part);
                        binary.writeBytes(part);
                        if (last) {
                            long now = System.nanoTime();
                            VoiceFrames.AudioFrame frame = VoiceFrames.decode(ByteBuffer.wrap(binary.toByteArray()));
                            binary.reset();
                            frames.add(new long[] {now, frame.flags()});
                        }
                        socket.request(1);
                        return null;
                    }
                }).join();
    }
}
