package dev.vtubermiku.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.FakeLlmServer.End;
import dev.vtubermiku.server.FakeLlmServer.Script;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LLM adapter's HTTP client against the fake OpenAI-compatible server, in the interleaving of a
 * loaded machine: the response headers are in before the client attaches its reader. Opening the
 * stream must still return at once (the caller's cancel handle depends on it), the stream is read
 * on the given readers, and an abort closes the connection.
 */
class AbortableHttpClientTest {

    FakeLlmServer llm;
    ExecutorService readers;
    ExecutorService callers;

    @BeforeEach
    void start() throws IOException {
        llm = new FakeLlmServer();
        readers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("reader-", 0).factory());
        callers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("caller-", 0).factory());
    }

    @AfterEach
    void stop() {
        llm.close();
        readers.shutdownNow();
        callers.shutdownNow();
    }

    @Test
    void aStreamWhoseHeadersCameFirstIsOpenedAtOnceReadByTheReadersAndClosedByItsAbort() throws Exception {
        llm.script(Script.reply("[joy] ", "Still ", "here").ending(End.HANG)); // never ends by itself
        HeadersFirst jdk = new HeadersFirst(HttpClient.newBuilder().executor(readers).build());
        AbortableHttpClient client = new AbortableHttpClient(() -> jdk, readers);
        Delivered events = new Delivered();
        AbortableHttpClient.Abort abort = new AbortableHttpClient.Abort();

        CompletableFuture<Void> opened = CompletableFuture.runAsync(() -> AbortableHttpClient.within(abort, () -> {
            client.execute(chatRequest(), new DefaultServerSentEventParser(), events);
            return null;
        }), callers);

        assertThat(jdk.handedOver.await(30, TimeUnit.SECONDS)).as("the response headers arrived").isTrue();
        // Read on the caller, the body held execute until the stream ended: here never.
        assertThat(opened).as("opening returned while the stream is still open").succeedsWithin(Duration.ofSeconds(5));
        assertThat(events.data.poll(10, TimeUnit.SECONDS)).contains("[joy] ");
        assertThat(events.threads).isNotEmpty().allMatch(name -> name.startsWith("reader-"));

        abort.abort();

        assertThat(llm.clientGone().await(10, TimeUnit.SECONDS)).as("the aborted stream's connection was closed").isTrue();
    }

    private HttpRequest chatRequest() {
        return HttpRequest.builder().method(HttpMethod.POST).url(llm.baseUrl() + "/chat/completions")
                .addHeader("Content-Type", "application/json")
                .body("{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .build();
    }

    /** What the client delivered, and on which threads. */
    private static final class Delivered implements ServerSentEventListener {
        final BlockingQueue<String> data = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ServerSentEvent event) {
            threads.add(Thread.currentThread().getName());
            data.add(event.data());
        }

        @Override
        public void onError(Throwable error) {
            threads.add(Thread.currentThread().getName());
        }
    }

    /** A JDK client whose sendAsync hands its future over only once the response headers are in. */
    private static final class HeadersFirst extends HttpClient {
        private final HttpClient jdk;
        final CountDownLatch handedOver = new CountDownLatch(1);

        HeadersFirst(HttpClient jdk) {
            this.jdk = jdk;
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(java.net.http.HttpRequest request,
                HttpResponse.BodyHandler<T> handler) {
            CompletableFuture<HttpResponse<T>> response = jdk.sendAsync(request, handler);
            response.handle((r, e) -> null).join();
            handedOver.countDown();
            return response;
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(java.net.http.HttpRequest request,
                HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
            throw new UnsupportedOperationException("not used by the chat client");
        }

        @Override
        public <T> HttpResponse<T> send(java.net.http.HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            return jdk.send(request, handler);
        }

        @Override
        public void shutdown() {
            jdk.shutdown();
        }

        @Override
        public void shutdownNow() {
            jdk.shutdownNow();
        }

        @Override
        public boolean awaitTermination(Duration duration) throws InterruptedException {
            return jdk.awaitTermination(duration);
        }

        @Override
        public boolean isTerminated() {
            return jdk.isTerminated();
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return jdk.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return jdk.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return jdk.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return jdk.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return jdk.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return jdk.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return jdk.authenticator();
        }

        @Override
        public Version version() {
            return jdk.version();
        }

        @Override
        public Optional<java.util.concurrent.Executor> executor() {
            return jdk.executor();
        }
    }
}
