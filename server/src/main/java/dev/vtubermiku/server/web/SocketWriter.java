package dev.vtubermiku.server.web;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.TopicFilter;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.BatchMode;
import org.eclipse.jetty.websocket.api.RemoteEndpoint;

/**
 * Writes to one WebSocket client: Jetty allows one blocking send at a time per session, so every
 * write (events, replies, her voice frames) goes through one lock, which also orders a change of
 * the client's topics against the events written around it.
 */
final class SocketWriter {

    private final WsContext ctx;
    private final ReentrantLock sending = new ReentrantLock();

    SocketWriter(WsContext ctx) {
        this.ctx = ctx;
    }

    void send(String text) {
        sending.lock();
        try {
            ctx.send(text);
        } finally {
            sending.unlock();
        }
    }

    void sendBinary(byte[] bytes) {
        sending.lock();
        try {
            ctx.send(ByteBuffer.wrap(bytes));
        } finally {
            sending.unlock();
        }
    }

    /** Sends a binary message if {@code wanted} still holds once nothing else is being written. */
    void sendBinaryIf(byte[] bytes, java.util.function.BooleanSupplier wanted) {
        sending.lock();
        try {
            if (wanted.getAsBoolean()) {
                ctx.send(ByteBuffer.wrap(bytes));
            }
        } finally {
            sending.unlock();
        }
    }

    /** Runs {@code change} (e.g. new topics and their acknowledgement) with no event write in between. */
    void exclusive(Runnable change) {
        sending.lock();
        try {
            change.run();
        } finally {
            sending.unlock();
        }
    }

    /**
     * Sends the events that still match the client's topics, checked under the send lock: a
     * subscribe that changed them while these waited is answered before, never after, them.
     */
    void sendEvents(List<Event> events, Function<Event, String> text, Supplier<TopicFilter> topics) {
        List<String> texts = events.stream().map(text).toList(); // outside the lock
        sending.lock();
        try {
            TopicFilter filter = topics.get();
            List<String> matching = new ArrayList<>(texts.size());
            for (int i = 0; i < events.size(); i++) {
                if (filter.matches(events.get(i).type())) {
                    matching.add(texts.get(i));
                }
            }
            sendAll(matching);
        } finally {
            sending.unlock();
        }
    }

    /** Sends in order; several texts are gathered by Jetty's batch mode and written by one flush. */
    private void sendAll(List<String> texts) {
        if (texts.size() == 1) {
            send(texts.getFirst());
            return;
        }
        if (texts.isEmpty()) {
            return;
        }
        sending.lock();
        try {
            RemoteEndpoint remote = ctx.session.getRemote();
            remote.setBatchMode(BatchMode.ON);
            for (String text : texts) {
                remote.sendString(text, null);
            }
            remote.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sending.unlock();
        }
    }
}
