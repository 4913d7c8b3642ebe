package dev.vtubermiku.server.onair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket server on a random loopback port for a fake of another program: counts connections,
 * keeps every message it was sent (in order, with when it arrived) and can be stopped and started
 * again on the same port (the program restarting). With {@link #garbage} set it answers any message
 * with text that is not JSON.
 */
abstract class FakeWsServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One message the client sent. */
    record Received(long nanos, JsonNode message) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    volatile boolean garbage;
    private final List<WsContext> sessions = new CopyOnWriteArrayList<>();
    private Javalin app;
    private int port;

    FakeWsServer start() {
        return start(0);
    }

    FakeWsServer start(int onPort) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.router.mount(router -> router.ws("/", ws -> {
                ws.onConnect(ctx -> {
                    connections.incrementAndGet();
                    sessions.add(ctx);
                    ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(5));
                    connected(ctx);
                });
                ws.onClose(ctx -> sessions.removeIf(s -> s.session == ctx.session));
                ws.onMessage(ctx -> {
                    JsonNode message;
                    try {
                        message = JSON.readTree(ctx.message());
                    } catch (IOException e) {
                        ctx.closeSession(1007, "not JSON");
                        return;
                    }
                    received.add(new Received(System.nanoTime(), message));
                    if (garbage) {
                        ctx.send("<html>this is not the API</html>");
                        return;
                    }
                    message(ctx, message);
                });
            }));
        }).start("127.0.0.1", onPort);
        port = app.port();
        return this;
    }

    /** Sends a text message to every connected client, unasked. */
    void broadcast(String text) {
        for (WsContext ctx : sessions) {
            ctx.send(text);
        }
    }

    /** A client connected. */
    void connected(WsContext ctx) {}

    /** A client sent a JSON message. */
    abstract void message(WsMessageContext ctx, JsonNode message) throws IOException;

    String url() {
        return "ws://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Stops (every client's connection breaks) and starts again on the same port. */
    void restart() {
        app.stop();
        start(port);
    }

    void stop() {
        app.stop();
    }

    /** The messages of one type ({@code messageType} for VTube Studio, {@code d.requestType} for OBS). */
    abstract List<JsonNode> ofType(String type);

    @Override
    public void close() {
        app.stop();
    }
}
