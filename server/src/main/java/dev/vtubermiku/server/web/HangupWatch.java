package dev.vtubermiku.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.EndPoint;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that an HTTP client hung up while its request is still being worked on. Jetty 11 does not
 * read a connection while a handler runs, so it would learn of the hang-up only when the response
 * is written; a chat reply must be stopped at once instead, or the LLM keeps generating (and
 * billing) for nobody. The connection's socket is registered, read interest only, with a selector
 * of our own: once the request has been read, a well-behaved HTTP/1.1 client sends nothing more
 * until it has the response, so the socket becoming readable means it was closed (FIN or RST).
 * Nothing is read from it; Jetty's own selector is not touched.
 */
final class HangupWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HangupWatch.class);

    private final @Nullable Selector selector;

    private HangupWatch(@Nullable Selector selector) {
        this.selector = selector;
    }

    /** A watch on this request's connection; one that never fires where the transport is not a plain socket. */
    static HangupWatch of(Context ctx) {
        try {
            org.eclipse.jetty.server.Request request = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
            EndPoint endPoint = request == null ? null : request.getHttpChannel().getEndPoint();
            if (endPoint != null && endPoint.getTransport() instanceof SocketChannel channel) {
                Selector selector = Selector.open();
                try {
                    channel.register(selector, SelectionKey.OP_READ);
                    return new HangupWatch(selector);
                } catch (IOException | RuntimeException e) {
                    selector.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot watch the connection for a hang-up: {}", e.toString());
        }
        return new HangupWatch(null);
    }

    /** True once the client has closed its side of the connection. */
    boolean hungUp() {
        if (selector == null) {
            return false;
        }
        try {
            return selector.selectNow() > 0 || selector.keys().stream().noneMatch(SelectionKey::isValid);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    @Override
    public void close() {
        if (selector != null) {
            try {
                selector.close(); // deregisters the socket from this selector only
            } catch (IOException e) {
                log.debug("Closing the hang-up selector failed", e);
            }
        }
    }
}
