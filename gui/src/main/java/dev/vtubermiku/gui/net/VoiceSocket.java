package dev.vtubermiku.gui.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.ClientMessage;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.VoiceFrames;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One voice session on its own {@code /ws} connection: {@code voice.start}, the microphone out as
 * binary PCM, her voice back as {@link VoiceFrames} and the session's events. Its own connection,
 * not the event stream's, so that a reconnecting event stream never cuts a conversation and the
 * audio frames never queue behind a replay of stored events.
 *
 * <p>Callbacks run on the JDK WebSocket's thread, in arrival order (a barge-in's event before any
 * later frame); listeners must return quickly.
 */
public final class VoiceSocket implements AutoCloseable {

    /** What the session tells its owner. */
    public interface Listener {
        /** {@code voice.started}: send the microphone now. */
        void onStarted(JsonNode voice);

        void onEvent(EventEnvelope event);

        void onFrame(VoiceFrames.AudioFrame frame);

        /** A message the backend refused (an RFC 9457 problem's detail). */
        void onProblem(String detail);

        /** The session ended: stopped, closed by the backend, or the connection failed. */
        void onClosed(String why);
    }

    private static final System.Logger log = System.getLogger(VoiceSocket.class.getName());
    private static final long SEND_TIMEOUT_MS = 2_000;

    private final ObjectMapper json;
    private final Listener listener;
    private final WebSocket socket;
    private final Object sending = new Object();
    private volatile boolean closed;

    private VoiceSocket(ObjectMapper json, Listener listener, WebSocket socket) {
        this.json = json;
        this.listener = listener;
        this.socket = socket;
    }

    /** Connects and sends {@code voice.start}; completes once the request is sent ({@code onStarted} follows). */
    public static CompletableFuture<VoiceSocket> open(BackendClient client, @Nullable Long characterId, Listener listener) {
        Relay relay = new Relay(client.json(), listener);
        return client.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3))
                .buildAsync(client.webSocketUri(null), relay)
                .orTimeout(6, TimeUnit.SECONDS)
                .thenApply(ws -> {
                    VoiceSocket voice = new VoiceSocket(client.json(), listener, ws);
                    relay.owner = voice;
                    voice.sendText(new ClientMessage.VoiceStart(characterId, null));
                    return voice;
                });
    }

    /**
     * Sends one microphone frame (copied: the recorder reuses its buffer). Blocks the microphone's
     * thread for at most {@value #SEND_TIMEOUT_MS} ms: the JDK socket takes one message at a time.
     */
    public void sendPcm(byte[] pcm, int length) {
        if (closed) {
            return;
        }
        ByteBuffer copy = ByteBuffer.wrap(Arrays.copyOf(pcm, length & ~1));
        synchronized (sending) {
            try {
                socket.sendBinary(copy, true).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.log(System.Logger.Level.DEBUG, "A microphone frame was not sent: {0}", e.toString());
            }
        }
    }

    private void sendText(Object message) {
        synchronized (sending) {
            try {
                socket.sendText(json.writeValueAsString(message), true).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException("Could not talk to the backend: " + BackendException.describe(e), e);
            }
        }
    }

    /** Sends {@code voice.stop} and closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sendText(new ClientMessage.VoiceStop());
        } catch (RuntimeException e) {
            // the connection is gone already: nothing to stop
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "voice stopped").orTimeout(1, TimeUnit.SECONDS)
                .exceptionally(e -> null).thenRun(socket::abort);
    }

    private static final class Relay implements WebSocket.Listener {
        private final ObjectMapper json;
        private final Listener listener;
        private final WholeMessages parts = new WholeMessages();
        volatile @Nullable VoiceSocket owner;
        private boolean ended;

        Relay(ObjectMapper json, Listener listener) {
            this.json = json;
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String message = parts.text(data, last);
            if (message != null) {
                safely(() -> handle(message));
            }
            ws.request(1);
            return null;
        }

        private void handle(String message) throws Exception {
            JsonNode node = json.readTree(message);
            if (node.has("timestamp")) {
                listener.onEvent(json.treeToValue(node, EventEnvelope.class));
                return;
            }
            switch (node.path("type").asText()) {
                case "voice.started" -> listener.onStarted(node.path("voice"));
                case "voice.stopped" -> end("stopped");
                case "error" -> listener.onProblem(node.path("problem").path("detail").asText("refused"));
                default -> { }
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] whole = parts.binary(data, last);
            if (whole != null) {
                safely(() -> listener.onFrame(VoiceFrames.decode(ByteBuffer.wrap(whole))));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            end(reason.isBlank() ? "closed by the backend" : "closed by the backend: " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            end(error.getMessage() != null ? error.getMessage() : error.toString());
        }

        private synchronized void end(String why) {
            if (!ended) {
                ended = true;
                safely(() -> listener.onClosed(why));
            }
        }

        private void safely(Callback call) {
            try {
                call.run();
            } catch (Exception e) {
                log.log(System.Logger.Level.WARNING, "A voice message could not be handled", e);
            }
        }
    }

    private interface Callback {
        void run() throws Exception;
    }
}
