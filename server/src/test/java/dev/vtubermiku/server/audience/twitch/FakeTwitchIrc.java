package dev.vtubermiku.server.audience.twitch;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small Twitch chat server for tests, speaking Twitch's IRC over WebSocket on a random loopback
 * port: CAP REQ/ACK, PASS/NICK (with a welcome, or "Login authentication failed" for a wrong token),
 * JOIN (echoed, with ROOMSTATE), PING/PONG, RECONNECT, PRIVMSG both ways, and a forced disconnect.
 * It also answers {@code GET /validate} like Twitch's OAuth host, so the token check has a counterpart.
 */
public final class FakeTwitchIrc implements AutoCloseable {

    public static final String TOKEN = "fakeTwitchToken0123456789abc";
    public static final String BOT = "mikubot";

    private final Javalin server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean tokenValid = true;
    private volatile List<String> scopes = List.of("chat:read", "chat:edit");

    /** What one client said so far: its PASS and NICK. */
    private static final class Connection {
        final WsContext ctx;
        volatile String pass = "";
        volatile String nick = "";
        volatile boolean joined;

        Connection(WsContext ctx) {
            this.ctx = ctx;
        }
    }

    public FakeTwitchIrc() {
        server = Javalin.create(config -> config.showJavalinBanner = false);
        server.ws("/", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(Duration.ofMinutes(5));
                connections.put(ctx.sessionId(), new Connection(ctx));
                opened.incrementAndGet();
            });
            ws.onClose(ctx -> connections.remove(ctx.sessionId()));
            ws.onMessage(ctx -> {
                for (String line : ctx.message().split("\r?\n")) {
                    if (!line.isEmpty()) {
                        onLine(connections.get(ctx.sessionId()), line);
                    }
                }
            });
        });
        server.get("/validate", ctx -> {
            String auth = ctx.header("Authorization");
            if (!tokenValid || auth == null || !auth.equals("OAuth " + TOKEN)) {
                ctx.status(401).json(Map.of("status", 401, "message", "invalid access token"));
                return;
            }
            ctx.json(Map.of("client_id", "fakeclient", "login", BOT, "scopes", scopes, "user_id", "4242", "expires_in", 3600));
        });
        server.start("127.0.0.1", 0);
    }

    private void onLine(Connection connection, String line) {
        received.add(line);
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("CAP REQ :")) {
            send(connection, ":tmi.twitch.tv CAP * ACK :" + line.substring("CAP REQ :".length()));
        } else if (upper.startsWith("PASS ")) {
            connection.pass = line.substring(5).trim();
        } else if (upper.startsWith("NICK ")) {
            connection.nick = line.substring(5).trim();
            boolean anonymous = connection.pass.isEmpty() && connection.nick.startsWith("justinfan");
            if (!anonymous && !(tokenValid && connection.pass.equals("oauth:" + TOKEN))) {
                send(connection, ":tmi.twitch.tv NOTICE * :Login authentication failed");
                connection.ctx.closeSession();
                return;
            }
            String nick = connection.nick;
            send(connection, ":tmi.twitch.tv 001 " + nick + " :Welcome, GLHF!\r\n:tmi.twitch.tv 376 " + nick + " :>");
        } else if (upper.startsWith("JOIN ")) {
            connection.joined = true;
            String nick = connection.nick;
            for (String channel : line.substring(5).trim().split(",")) {
                send(connection, ":" + nick + "!" + nick + "@" + nick + ".tmi.twitch.tv JOIN " + channel + "\r\n"
                        + "@emote-only=0;room-id=1001;slow=0 :tmi.twitch.tv ROOMSTATE " + channel);
            }
        }
    }

    private static void send(Connection connection, String text) {
        if (connection != null && connection.ctx.session.isOpen()) {
            connection.ctx.send(text);
        }
    }

    /** The WebSocket URL to set as TWITCH_IRC_URL. */
    public String ircUrl() {
        return "ws://127.0.0.1:" + server.port() + "/";
    }

    /** The base to set as TWITCH_AUTH_URL. */
    public String authUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Sends a raw line to every client that joined a channel. */
    public void broadcast(String line) {
        for (Connection connection : connections.values()) {
            send(connection, line);
        }
    }

    /** A viewer's PRIVMSG with the given tags (name=value pairs), as Twitch sends it. */
    public void chat(String channel, String login, Map<String, String> tags, String text) {
        StringBuilder tagText = new StringBuilder("@");
        tags.forEach((k, v) -> tagText.append(tagText.length() > 1 ? ";" : "").append(k).append('=').append(v));
        broadcast(tagText + " :" + login + "!" + login + "@" + login + ".tmi.twitch.tv PRIVMSG #" + channel + " :" + text);
    }

    public void ping() {
        broadcast("PING :tmi.twitch.tv");
    }

    /** Twitch's "please reconnect" (before a server restart). */
    public void askToReconnect() {
        broadcast(":tmi.twitch.tv RECONNECT");
    }

    /** Drops every socket at once, without a close handshake (a network failure). */
    public void dropAll() {
        for (Connection connection : connections.values()) {
            connection.ctx.session.disconnect();
        }
    }

    public void tokenValid(boolean valid) {
        this.tokenValid = valid;
    }

    public void scopes(List<String> scopes) {
        this.scopes = List.copyOf(scopes);
    }

    /** Every line any client sent, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    public boolean receivedAny(Predicate<String> line) {
        return received.stream().anyMatch(line);
    }

    /** How many connections were ever opened. */
    public int opened() {
        return opened.get();
    }

    /** How many clients have joined a channel and are still connected. */
    public long joined() {
        return connections.values().stream().filter(c -> c.ctx.session.isOpen() && c.joined).count();
    }

    @Override
    public void close() {
        server.stop();
    }
}
