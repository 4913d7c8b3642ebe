package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.protocol.VoiceFrames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A voice client for tests: sends microphone PCM, receives audio frames and events, and keeps every
 * arrival in order (text and binary), with its arrival time, so tests can check what came before what.
 */
final class VoiceClient implements AutoCloseable {

    private static final ObjectMapper JSON = Json.newMapper();

    /** One message as it arrived: an event or reply, or an audio frame. */
    record Arrival(long nanos, @Nullable JsonNode text, VoiceFrames.@Nullable AudioFrame frame) {}

    private final BlockingQueue<JsonNode> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<VoiceFrames.AudioFrame> frames = new LinkedBlockingQueue<>();
    final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private volatile Consumer<VoiceFrames.AudioFrame> onFrame = f -> {};

    VoiceClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();
                    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                JsonNode node = JSON.readTree(partial.toString());
                                arrivals.add(new Arrival(System.nanoTime(), node, null));
                                texts.add(node);
                            } catch (Exception e) {
                                throw new IllegalStateException("not JSON: " + partial, e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        binary.writeBytes(chunk);
                        if (last) {
                            VoiceFrames.AudioFrame frame = VoiceFrames.decode(ByteBuffer.wrap(binary.toByteArray()));
                            binary.reset();
                            arrivals.add(new Arrival(System.nanoTime(), null, frame));
                            frames.add(frame);
                            onFrame.accept(frame);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
    }

    /** Called on the receiving thread for every frame (an echo test plays them back into the microphone). */
    void onFrame(Consumer<VoiceFrames.AudioFrame> consumer) {
        this.onFrame = consumer;
    }

    synchronized void send(String text) {
        socket.sendText(text, true).join();
    }

    synchronized void sendPcm(byte[] pcm) {
        socket.sendBinary(ByteBuffer.wrap(pcm), true).join();
    }

    /** Sends 16 kHz samples in 20 ms frames, as fast as the socket takes them. */
    void microphone(short[] samples, int from, int to) {
        for (int i = from; i < to; i += 320) {
            sendPcm(VoiceFrames.pcm(samples, i, Math.min(to, i + 320)));
        }
    }

    /**
     * Sends 16 kHz samples in 20 ms frames at the pace of a live microphone (the pause is the
     * microphone's, not synchronisation).
     */
    void microphoneLive(short[] samples, int from, int to) throws InterruptedException {
        long start = System.nanoTime();
        int frame = 0;
        for (int i = from; i < to; i += 320, frame++) {
            long due = start + frame * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sendPcm(VoiceFrames.pcm(samples, i, Math.min(to, i + 320)));
        }
    }

    /** The next event or reply matching {@code which}, skipping others; fails after the timeout. */
    JsonNode next(Predicate<JsonNode> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message = left <= 0 ? null : texts.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no matching WebSocket message within " + timeout);
            }
            if (which.test(message)) {
                return message;
            }
        }
    }

    /** The next audio frame matching {@code which}; fails after the timeout. */
    VoiceFrames.AudioFrame frame(Predicate<VoiceFrames.AudioFrame> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            VoiceFrames.AudioFrame frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no matching audio frame within " + timeout);
            }
            if (which.test(frame)) {
                return frame;
            }
        }
    }

    static Predicate<JsonNode> type(String type) {
        return m -> type.equals(m.path("type").asText());
    }

    static Predicate<JsonNode> event(String type, String turnId) {
        return m -> type.equals(m.path("type").asText()) && turnId.equals(m.path("data").path("turn_id").asText());
    }

    /** The events of one turn as they arrived, in order. */
    List<JsonNode> events(String turnId) {
        return arrivals.stream().map(Arrival::text).filter(t -> t != null && t.has("id")
                && turnId.equals(t.path("data").path("turn_id").asText())).toList();
    }

    /** The frames of one turn as they arrived, in order. */
    List<VoiceFrames.AudioFrame> frames(String turnId) {
        return arrivals.stream().map(Arrival::frame).filter(f -> f != null && f.turnId().toString().equals(turnId)).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
