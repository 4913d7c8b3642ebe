package dev.vtubermiku.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatFailedException;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Subscription;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.protocol.ClientMessage;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.ServerReply;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws}: every event as JSON, filtered by the client's topics. {@code ?since=ID} first
 * replays the stored events after ID, then goes live without a gap or a duplicate. Each client has
 * its own mailbox and sender thread; when a client falls so far behind that its mailbox overflows,
 * it is caught up from the journal, so it never loses a stored event. Chat messages start a reply
 * here; the voice messages and binary audio are the {@link LiveVoiceSocket}'s.
 */
final class EventSocket {

    private static final Logger log = LoggerFactory.getLogger(EventSocket.class);
    private static final int REPLAY_PAGE = 500;
    private static final int MAX_BATCH = 64;
    private static final String SINCE = "vtuber.since";

    private final EventBus bus;
    private final Envelopes envelopes;
    private final ObjectMapper json;
    private final ThreadFactory senders;
    private final int mailboxCapacity;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final ChatServices chat;
    private final UnaryOperator<String> redact;
    private final LiveVoiceSocket liveVoice;

    EventSocket(EventBus bus, Envelopes envelopes, ObjectMapper json, ThreadFactory senders, int mailboxCapacity,
            ChatServices chat, LiveVoiceSocket liveVoice, UnaryOperator<String> redact) {
        this.redact = redact;
        this.chat = chat;
        this.liveVoice = liveVoice;
        this.bus = bus;
        this.envelopes = envelopes;
        this.json = json;
        this.senders = senders;
        this.mailboxCapacity = mailboxCapacity;
    }

    /** Before the upgrade: a bad {@code since} is a plain 400, not a socket that closes at once. */
    void validateUpgrade(Context ctx) {
        long since = Params.longParam(ctx, "since", -1, 0, Long.MAX_VALUE);
        ctx.attribute(SINCE, since);
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Long since = ctx.attribute(SINCE);
            Client client = new Client(ctx, since == null || since < 0 ? null : since);
            clients.put(ctx.sessionId(), client);
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS, null);
            Thread thread = senders.newThread(client::pump);
            thread.setName("ws-" + ctx.sessionId().substring(0, Math.min(8, ctx.sessionId().length())));
            thread.start();
        });
        ws.onMessage(ctx -> {
            Client client = clients.get(ctx.sessionId());
            if (client != null) {
                client.handle(ctx.message());
            }
        });
        ws.onBinaryMessage(ctx -> {
            Client client = clients.get(ctx.sessionId());
            if (client != null) {
                client.voice.microphone(ByteBuffer.wrap(ctx.data(), ctx.offset(), ctx.length()));
            }
        });
        ws.onClose(ctx -> close(ctx.sessionId()));
        ws.onError(ctx -> close(ctx.sessionId()));
    }

    private void close(String sessionId) {
        Client client = clients.remove(sessionId);
        if (client != null) {
            client.subscription.close();
            // A reply nobody will read is not worth generating: stop its LLM stream.
            for (ChatEngine.ChatTurn turn : client.turns) {
                turn.cancel("the WebSocket client disconnected");
            }
            client.voice.close();
        }
    }

    /** One connected client: its subscription, the id of the newest stored event it was sent, its sender. */
    private final class Client {
        private final WsContext ctx;
        private final Subscription subscription;
        private final @Nullable Long since;
        private final SocketWriter writer;
        private final Set<ChatEngine.ChatTurn> turns = ConcurrentHashMap.newKeySet();
        private final LiveVoiceSocket.Connection voice;
        private volatile long cursor;

        Client(WsContext ctx, @Nullable Long since) {
            this.ctx = ctx;
            this.writer = new SocketWriter(ctx);
            this.since = since;
            this.subscription = bus.subscribe("ws-" + ctx.sessionId(), TopicFilter.ALL, mailboxCapacity);
            this.cursor = since != null ? since : bus.lastStoredId();
            this.voice = liveVoice.connect(writer, this::reply, subscription::isClosed);
        }

        void pump() {
            try {
                if (since != null) {
                    replay();
                }
                while (!subscription.isClosed()) {
                    Subscription.Missed missed = subscription.takeMissed();
                    if (missed.stored() > 0) {
                        replay();
                    }
                    if (missed.unstored() > 0) {
                        reply(ServerReply.gap(missed.unstored()));
                    }
                    // Waits without a timeout: closing the subscription wakes it.
                    Event event = subscription.take();
                    if (event == null) {
                        continue;
                    }
                    // Whatever else is already waiting goes out in the same write: under load this
                    // turns one syscall and one wake-up per event into one per batch.
                    List<Event> batch = new ArrayList<>();
                    long newest = cursor;
                    do {
                        if (event.id() == null || event.id() > newest) {
                            batch.add(event);
                            newest = event.id() == null ? newest : event.id();
                        }
                    } while (batch.size() < MAX_BATCH && (event = subscription.poll(Duration.ZERO)) != null);
                    writer.sendEvents(batch, envelopes::text, subscription::filter);
                    cursor = newest;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) { // Jetty's send throws IOException without declaring it
                log.debug("Event stream to {} ended: {}", ctx.sessionId(), e.toString());
            } finally {
                close(ctx.sessionId());
            }
        }

        private void replay() {
            while (!subscription.isClosed()) {
                List<Event> page = bus.journal().readAfter(cursor, subscription.filter(), REPLAY_PAGE);
                for (Event event : page) {
                    writer.send(envelopes.text(event));
                    cursor = event.id();
                }
                if (page.size() < REPLAY_PAGE) {
                    return;
                }
            }
        }

        void handle(String text) {
            ClientMessage message;
            try {
                message = json.readValue(text, ClientMessage.class);
            } catch (JsonProcessingException e) {
                invalid(e.getOriginalMessage());
                return;
            }
            if (message == null) { // the text "null"
                invalid("the message is null");
                return;
            }
            try {
                dispatch(message);
            } catch (ProblemException e) {
                reply(ServerReply.error(new Problem(e.type(), e.title(), e.status(), e.getMessage(), "/ws", null, e.errors())));
            } catch (RuntimeException e) {
                // One bad message must not close the client's socket (1011): answer it, log it with an id.
                String id = java.util.UUID.randomUUID().toString();
                log.error("Unexpected error {} handling a WebSocket message", id, e);
                reply(ServerReply.error(new Problem(Problems.type("internal"), "Internal server error", 500,
                        "Something went wrong on our side. The log has the details under error id " + id + ".", "/ws", id, null)));
            }
        }

        private void dispatch(ClientMessage message) {
            switch (message) {
                case ClientMessage.Subscribe s -> {
                    try {
                        TopicFilter filter = new TopicFilter(s.topics() == null ? List.of() : s.topics());
                        // Under the send lock: every event written after the acknowledgement matches
                        // the new topics, even one the mailbox or a batch already held.
                        writer.exclusive(() -> {
                            subscription.filter(filter);
                            reply(ServerReply.subscribed(filter.patterns()));
                        });
                    } catch (IllegalArgumentException e) {
                        reply(ServerReply.error(new Problem(Problems.type("validation"), "Invalid input", 400,
                                "topics " + e.getMessage(), null, null, null)));
                    }
                }
                case ClientMessage.Ping p -> reply(ServerReply.pong(cursor));
                case ClientMessage.Chat c -> chat(c);
                case ClientMessage.VoiceStart v -> voice.start(v);
                case ClientMessage.VoiceStop v -> voice.stop();
                case ClientMessage.Listen l -> voice.listen(l);
                case ClientMessage.Unlisten u -> voice.unlisten();
            }
        }

        private void invalid(String why) {
            reply(ServerReply.error(new Problem(Problems.type("invalid-message"), "Invalid message", 400,
                    "Messages are JSON objects with a type of subscribe, ping, chat, voice.start, voice.stop, listen or unlisten: " + why,
                    null, null, null)));
        }

        /**
         * Starts a reply; its events reach every subscriber (this client included) as they happen.
         * A failure is also answered to this client alone, as problem details.
         */
        private void chat(ClientMessage.Chat c) {
            ChatEngine.ChatTurn turn;
            try {
                turn = chat.engine().start(ChatController.request(c.message(), c.characterId(), c.speak(), "ws"));
            } catch (ProblemException e) {
                reply(ServerReply.error(ChatProblems.problem(e, "/ws")));
                return;
            } catch (UnknownCharacterException e) {
                reply(ServerReply.error(ChatProblems.problem(ChatProblems.of(e), "/ws")));
                return;
            }
            turns.add(turn);
            if (subscription.isClosed()) {
                turn.cancel("the WebSocket client disconnected"); // closed while the turn was starting
            }
            turn.result().whenComplete((reply, error) -> {
                turns.remove(turn);
                if (error != null && unwrap(error) instanceof ChatFailedException f && !subscription.isClosed()) {
                    try {
                        reply(ServerReply.error(ChatProblems.problem(ChatProblems.of(f), "/ws")));
                    } catch (RuntimeException e) {
                        log.debug("Could not tell {} that its chat failed: {}", ctx.sessionId(), e.toString());
                    }
                }
            });
        }

        private static Throwable unwrap(Throwable error) {
            return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        }

        private void reply(ServerReply reply) {
            try {
                writer.send(redact.apply(json.writeValueAsString(reply)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
