package dev.vtubermiku.gui.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The backend's HTTP API. Every call is asynchronous (the JDK client on virtual threads), so no
 * caller ever waits on the FX thread; failures complete the future with an {@link BackendException}
 * carrying the backend's problem details.
 */
public final class BackendClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final @Nullable String token;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final ObjectMapper json;

    public BackendClient(URI base, @Nullable String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
        // A client tolerates fields a newer backend adds; the backend itself stays strict.
        this.json = Json.newMapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ObjectMapper json() {
        return json;
    }

    public URI base() {
        return base;
    }

    public @Nullable String token() {
        return token;
    }

    HttpClient http() {
        return http;
    }

    /** {@code ws://host:port/ws}, with the token as a query parameter when one is set. */
    public URI webSocketUri(@Nullable Long since) {
        StringBuilder query = new StringBuilder();
        if (since != null) {
            query.append("since=").append(since);
        }
        if (token != null) {
            query.append(query.isEmpty() ? "" : "&").append("token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + "/ws" + (query.isEmpty() ? "" : "?" + query));
    }

    public <T> CompletableFuture<T> get(String path, Class<T> type) {
        return send(request(path).GET(), type);
    }

    public CompletableFuture<byte[]> getBytes(String path) {
        return sendBytes(request(path).GET());
    }

    public <T> CompletableFuture<T> post(String path, @Nullable Object body, Class<T> type) {
        return send(request(path).header("Content-Type", "application/json").POST(jsonBody(body)), type);
    }

    public <T> CompletableFuture<T> put(String path, Object body, Class<T> type) {
        return send(request(path).header("Content-Type", "application/json").PUT(jsonBody(body)), type);
    }

    public <T> CompletableFuture<T> patch(String path, Object body, Class<T> type) {
        return send(request(path).header("Content-Type", "application/json").method("PATCH", jsonBody(body)), type);
    }

    public CompletableFuture<JsonNode> delete(String path) {
        return send(request(path).DELETE(), JsonNode.class);
    }

    /** POSTs raw bytes (a card file, a recording). */
    public <T> CompletableFuture<T> postBytes(String path, byte[] body, String contentType, Class<T> type) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)), type);
    }

    /** POSTs a multipart form, reporting bytes sent to {@code progress} as the body goes out. */
    public <T> CompletableFuture<T> postMultipart(String path, Multipart form, Class<T> type, @Nullable LongConsumer progress) {
        byte[] bytes = form.bytes();
        HttpRequest.BodyPublisher publisher = progress == null
                ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new CountingStream(bytes, progress)), bytes.length);
        return send(request(path).header("Content-Type", form.contentType()).POST(publisher), type);
    }

    /** PUTs a multipart form (an avatar upload). */
    public <T> CompletableFuture<T> putMultipart(String path, Multipart form, Class<T> type) {
        return send(request(path).header("Content-Type", form.contentType()).PUT(HttpRequest.BodyPublishers.ofByteArray(form.bytes())), type);
    }

    private HttpRequest.BodyPublisher jsonBody(@Nullable Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.ofString("{}");
        }
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> CompletableFuture<T> send(HttpRequest.Builder request, Class<T> type) {
        return sendBytes(request).thenApply(body -> {
            try {
                if (type == byte[].class) {
                    return type.cast(body);
                }
                if (body.length == 0) {
                    return json.readValue("{}", type);
                }
                return json.readValue(body, type);
            } catch (java.io.IOException e) {
                throw new BackendException(502, "The backend answered something this window cannot read", e.getMessage(), e);
            }
        });
    }

    private CompletableFuture<byte[]> sendBytes(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        throw unreachable(request, error);
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw problem(response);
                    }
                    return response.body();
                });
    }

    private BackendException problem(HttpResponse<byte[]> response) {
        String title = "HTTP " + response.statusCode();
        String detail = null;
        try {
            JsonNode node = json.readTree(response.body());
            if (node != null && node.isObject()) {
                title = node.path("title").asText(title);
                detail = node.hasNonNull("detail") ? node.get("detail").asText() : null;
            }
        } catch (java.io.IOException e) {
            detail = new String(response.body(), StandardCharsets.UTF_8);
        }
        return new BackendException(response.statusCode(), title, detail, null, response.body());
    }

    private BackendException unreachable(HttpRequest request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                ? "the backend is not running at " + base
                : cause instanceof HttpTimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s" : cause.toString();
        return new BackendException(0, "Backend not reachable", request.method() + " " + request.uri().getPath() + ": " + what, cause);
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }

    /** Reports how much of an upload the client has handed to the socket. */
    private static final class CountingStream extends InputStream {
        private final ByteArrayInputStream in;
        private final LongConsumer progress;
        private long sent;

        CountingStream(byte[] bytes, LongConsumer progress) {
            this.in = new ByteArrayInputStream(bytes);
            this.progress = progress;
        }

        @Override
        public int read() {
            int b = in.read();
            if (b >= 0) {
                progress.accept(++sent);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = in.read(buffer, offset, Math.min(length, 64 * 1024));
            if (n > 0) {
                sent += n;
                progress.accept(sent);
            }
            return n;
        }
    }
}
