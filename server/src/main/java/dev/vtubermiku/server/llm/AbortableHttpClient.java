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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's HTTP client on the JDK's, with one addition its own lacks: a stream can be aborted
 * from outside, closing its connection, whether it is blocked between two tokens or still waiting
 * for the response headers (then as soon as they arrive). LangChain4j's own cancel only takes effect when the next
 * token arrives, which for a stalled server is never. The {@link Abort} of a request is bound to
 * the calling thread while LangChain4j opens the request ({@link #within}).
 */
final class AbortableHttpClient implements HttpClient {

    private static final ThreadLocal<@Nullable Abort> BOUND = new ThreadLocal<>();

    private final java.net.http.HttpClient jdk;

    AbortableHttpClient(java.net.http.HttpClient jdk) {
        this.jdk = jdk;
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
        try {
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
        CompletableFuture<java.net.http.HttpResponse<InputStream>> sent =
                jdk.sendAsync(jdkRequest(request), BodyHandlers.ofInputStream());
        sent.thenAccept(response -> {
            if (abort != null && abort.cancelled()) {
                closeQuietly(response.body());
                return;
            }
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
            InputStream in = response.body();
            if (abort != null && !abort.attach(in)) {
                return;
            }
            listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                    .headers(response.headers().map()).build());
            try (in) {
                parser.parse(in, listener);
                listener.onClose();
            } catch (IOException e) {
                listener.onError(e);
            }
        }).exceptionally(error -> {
            if (abort == null || !abort.cancelled()) {
                listener.onError(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            }
            return null;
        });
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing to abort: nothing more to do
        }
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

    /**
     * Stops one streaming request. While it streams, closing its body closes the connection. Before
     * its headers arrive the request is only marked: the body is closed the moment they do. (Cancelling
     * the JDK's future instead looks right but, on a pooled connection, leaves the exchange running
     * with nobody reading it: the server keeps generating into a connection that is never closed.)
     */
    static final class Abort {
        private boolean cancelled; // guarded by this
        private @Nullable InputStream body;

        synchronized boolean cancelled() {
            return cancelled;
        }

        /** False when already aborted (the body is closed then). */
        boolean attach(InputStream in) {
            synchronized (this) {
                if (!cancelled) {
                    body = in;
                    return true;
                }
            }
            closeQuietly(in);
            return false;
        }

        void abort() {
            InputStream in;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                in = body;
            }
            if (in != null) {
                closeQuietly(in); // closes the connection; a read blocked on it ends
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
            java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                    .executor(executor)
                    // One connection per stream: aborting a reply closes exactly that connection.
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .followRedirects(java.net.http.HttpClient.Redirect.NORMAL);
            if (connectTimeout != null) {
                b.connectTimeout(connectTimeout);
            }
            return new AbortableHttpClient(b.build());
        }
    }
}
