package dev.vtubermiku.server.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's HTTP client on the JDK's, with one addition its own lacks: a stream can be aborted
 * from outside, and aborting closes its connection, so the LLM server stops generating (and billing)
 * at once, whether the stream is blocked between two tokens or still waiting for the headers.
 * LangChain4j's own cancel only takes effect when the next token arrives, which for a stalled server
 * is never. Neither closing the JDK's response stream nor cancelling its future reliably closes an
 * HTTP/1.1 connection (the JDK may keep reading it to reuse it), so each stream gets a JDK client of
 * its own, shut down when the stream ends or is aborted: that always closes the connection. The
 * price is no connection reuse between replies (TLS sessions are still resumed). The {@link Abort}
 * of a request is bound to the calling thread while LangChain4j opens the request ({@link #within}).
 * The stream is read on {@code readers}, never on the thread that opens it: a dependent action of a
 * future that is already complete runs on the caller, so when the headers won the race against
 * {@code thenAccept} (a loaded machine) opening the stream blocked until the stream ended, and the
 * caller had no stream to cancel in the meantime: its timeout fired, but the connection stayed open.
 */
final class AbortableHttpClient implements HttpClient {

    private static final ThreadLocal<@Nullable Abort> BOUND = new ThreadLocal<>();

    private final Supplier<java.net.http.HttpClient> clients;
    private final Executor readers;

    /** @param readers reads each stream to its end (a blocking read per stream: virtual threads suit it) */
    AbortableHttpClient(Supplier<java.net.http.HttpClient> clients, Executor readers) {
        this.clients = clients;
        this.readers = readers;
    }

    /** Runs {@code open} with {@code abort} bound to the streaming request it opens on this thread. */
    static <T> T within(Abort abort, Supplier<T> open) {
        BOUND.set(abort);
        try {
            return open.get();
        } finally {
            BOUND.remove();
        }
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try (java.net.http.HttpClient jdk = clients.get()) {
            java.net.http.HttpResponse<byte[]> response = jdk.send(jdkRequest(request), BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new HttpException(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            }
            return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map())
                    .body(new String(response.body(), StandardCharsets.UTF_8)).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Abort abort = BOUND.get();
        java.net.http.HttpClient jdk = clients.get();
        if (abort != null && !abort.attach(jdk)) {
            return; // aborted before it was opened
        }
        jdk.sendAsync(jdkRequest(request), BodyHandlers.ofInputStream()).thenAcceptAsync(response -> {
            if (response.statusCode() / 100 != 2) {
                String body;
                try (InputStream in = response.body()) {
                    body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    body = "";
                }
                listener.onError(new HttpException(response.statusCode(), body));
                return;
            }
            if (abort != null) {
                abort.attach(response.body());
            }
            listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                    .headers(response.headers().map()).build());
            try (InputStream in = response.body()) {
                parser.parse(in, listener);
                listener.onClose();
            } catch (IOException e) {
                listener.onError(e);
            }
        }, readers).exceptionally(error -> {
            if (abort == null || !abort.cancelled()) {
                listener.onError(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            }
            return null;
        }).whenComplete((ignored, error) -> jdk.shutdownNow());
    }

    private static java.net.http.HttpRequest jdkRequest(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart requests are not used by the chat client");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        return builder.build();
    }

    /** Stops one streaming request: shuts down the JDK client that carries it and closes its body. */
    static final class Abort {
        private boolean cancelled; // guarded by this
        private java.net.http.@Nullable HttpClient client;
        private @Nullable InputStream body;

        synchronized boolean cancelled() {
            return cancelled;
        }

        /** False when already aborted (the client is shut down then). */
        boolean attach(java.net.http.HttpClient jdk) {
            synchronized (this) {
                if (!cancelled) {
                    client = jdk;
                    return true;
                }
            }
            jdk.shutdownNow();
            return false;
        }

        void attach(InputStream in) {
            boolean late;
            synchronized (this) {
                late = cancelled;
                body = in;
            }
            if (late) {
                close(in);
            }
        }

        void abort() {
            java.net.http.HttpClient jdk;
            InputStream in;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                jdk = client;
                in = body;
            }
            if (jdk != null) {
                jdk.shutdownNow(); // closes its connection; a read blocked on it ends
            }
            if (in != null) {
                close(in);
            }
        }

        private static void close(InputStream in) {
            try {
                in.close();
            } catch (IOException e) {
                // closing to abort: nothing more to do
            }
        }
    }

    /** LangChain4j configures its HTTP client through a builder. */
    static final class Builder implements HttpClientBuilder {
        private final Executor executor;
        private @Nullable Duration connectTimeout;
        private @Nullable Duration readTimeout;

        Builder(Executor executor) {
            this.executor = executor;
        }

        @Override
        public @Nullable Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(@Nullable Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public @Nullable Duration readTimeout() {
            return readTimeout;
        }

        /** Kept for the interface; the first-token and idle limits are enforced above this client. */
        @Override
        public HttpClientBuilder readTimeout(@Nullable Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            Duration connect = connectTimeout;
            return new AbortableHttpClient(() -> {
                java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                        .executor(executor)
                        .followRedirects(java.net.http.HttpClient.Redirect.NORMAL);
                if (connect != null) {
                    b.connectTimeout(connect);
                }
                return b.build();
            }, executor);
        }
    }
}
