package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.web.ApiTest.assertProblem;
import static dev.vtubermiku.server.web.ApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.ChatLogDao;
import dev.vtubermiku.server.store.EventDao;
import dev.vtubermiku.server.store.EventRetention;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failures of the hostile-client campaign (issue 13) that are not covered by the fuzz test:
 * a remote server echoing the key, WebSocket messages of the wrong shape, config values that a
 * restart would lose, and the events table filling with status ticks.
 */
class HostileInputTest {

    private static final String KEY = "sk-or-v1-echoed-secret-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static HttpServer echoingProxy;
    static TestBackend backend;

    @BeforeAll
    static void start() throws Exception {
        // A misconfigured proxy: every request is refused with its Authorization header in the body.
        echoingProxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echoingProxy.createContext("/", exchange -> {
            byte[] body = ("{\"error\":{\"message\":\"upstream refused Authorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echoingProxy.start();
        backend = TestBackend.start(dir, Map.of("OPENROUTER_API_KEY", KEY, "LLM_RETRIES", "0",
                "LLM_BASE_URL", "http://127.0.0.1:" + echoingProxy.getAddress().getPort() + "/v1"));
    }

    @AfterAll
    static void stop() {
        backend.close();
        echoingProxy.stop(0);
    }

    @Test
    void anEchoedKeyLeavesNowhere() throws Exception {
        HttpResponse<String> chat = backend.post("/api/chat", "{\"message\":\"hello\"}");
        assertThat(chat.statusCode()).as(chat.body()).isBetween(500, 599);
        assertThat(chat.body()).contains("****").doesNotContain(KEY).doesNotContain("echoed-secret");
        try (WsClient client = new WsClient(backend.ws("/ws?since=0"))) {
            client.send("{\"type\":\"chat\",\"message\":\"hello again\"}");
            JsonNode failed = client.next(m -> m.path("type").asText().equals("error"), WAIT);
            assertThat(failed.toString()).doesNotContain(KEY);
            assertThat(client.drain(Duration.ofMillis(500)).toString()).doesNotContain(KEY);
        }
        String events = backend.get("/api/events?since=0&type=error.*").body();
        assertThat(events).contains("error.occurred").contains("****").doesNotContain(KEY);
        long stored = backend.app().database().readDao(EventDao.class).afterAll(0, 10_000).stream()
                .filter(e -> (e.message() + e.data()).contains(KEY)).count();
        assertThat(stored).as("rows of the events table holding the key").isZero();
        assertThat(backend.get("/api/logs?q=echoed").body()).doesNotContain(KEY);
    }

    @Test
    void aKeyInHerReplyIsMaskedBeforeItIsStreamedStoredOrReadBack() throws Exception {
        // A model that repeats its key (a prompt-injected one, say), split across tokens as models do:
        // no token, no stored row and no read-back holds it, not even when the tokens are put together.
        Files.createDirectories(dir.resolve("stored"));
        int split = 13;
        try (FakeLlmServer llm = new FakeLlmServer().script(FakeLlmServer.Script.reply("[neutral] ", "my key is " + KEY.substring(0, split),
                        KEY.substring(split) + ".", " Bye."));
                TestBackend own = TestBackend.start(dir.resolve("stored"), Map.of("OPENROUTER_API_KEY", KEY, "LLM_BASE_URL", llm.baseUrl()));
                WsClient tokens = new WsClient(own.ws("/ws"))) {
            HttpResponse<String> chat = own.post("/api/chat", "{\"message\":\"is " + KEY + " your key?\"}");
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(chat.body()).contains("my key is ****").doesNotContain(KEY);

            StringBuilder streamed = new StringBuilder();
            JsonNode token;
            do {
                token = tokens.next(m -> m.path("type").asText().equals("chat.token"), WAIT);
                streamed.append(token.path("data").path("text").asText());
            } while (!streamed.toString().contains("Bye."));
            assertThat(streamed.toString()).isEqualTo("my key is ****. Bye.");

            assertThat(own.get("/api/chat/history").body()).contains("****").doesNotContain(KEY);
            assertThat(own.get("/api/events?since=0&type=chat.*").body()).doesNotContain(KEY);
            assertThat(own.app().database().readDao(ChatLogDao.class).page(null, Long.MAX_VALUE, 10))
                    .as("chat_logs rows").isNotEmpty()
                    .allSatisfy(row -> assertThat(row.userMessage() + row.characterResponse()).doesNotContain(KEY).contains("****"));
        }
    }

    @Test
    void webSocketMessagesOfTheWrongShapeAreAnsweredNotFatal() throws Exception {
        try (WsClient client = new WsClient(backend.ws("/ws"))) {
            for (String bad : new String[] {"null", "5", "\"chat\"", "[]", "{\"type\":\"chat\",\"message\":5}",
                "{\"type\":\"chat\",\"message\":null}", "{\"type\":\"chat\",\"message\":true}", "{\"type\":\"subscribe\",\"topics\":\"x\"}",
                "{\"type\":\"subscribe\",\"topics\":[null]}", "{\"type\":\"voice.start\",\"character_id\":\"1\"}", "\u0000{}"}) {
                client.send(bad);
                JsonNode answer;
                try {
                    answer = client.next(m -> m.path("type").asText().equals("error"), WAIT);
                } catch (AssertionError e) {
                    throw new AssertionError("no error answer to " + bad, e);
                }
                assertThat(answer.path("problem").path("status").asInt()).as(bad).isEqualTo(400);
            }
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next(WsClient.type("pong"), WAIT).has("last_id")).isTrue(); // still open
        }
        // The same body over HTTP is refused the same way.
        assertProblem(backend.post("/api/chat", "{\"message\":5}"), 400);
    }

    @Test
    void configValuesARestartWouldLoseAreRefused() throws Exception {
        HttpResponse<String> separator = backend.post("/api/config", "{\"OPENROUTER_MODEL\":\"a\u2028b\"}");
        assertProblem(separator, 400);
        assertThat(json(separator).path("errors").get(0).path("field").asText()).isEqualTo("OPENROUTER_MODEL");
        assertProblem(backend.post("/api/config", "{\"DATA_DIR\":true}"), 400);
        assertProblem(backend.post("/api/config", "{\"DATA_DIR\":5}"), 400);
        assertProblem(backend.post("/api/config", "{\"LOG_LEVEL\":\"INFO\\nAPI_HOST=0.0.0.0\"}"), 400);
        assertThat(Files.exists(dir.resolve(".env")) ? Files.readString(dir.resolve(".env")) : "").doesNotContain("\u2028")
                .doesNotContain("DATA_DIR");
        // A boolean key still takes a JSON boolean, a numeric key a number.
        assertThat(backend.post("/api/config", "{\"DEBUG\":false,\"EVENT_RETENTION_DAYS\":0}").statusCode()).isEqualTo(200);
    }

    private static String states(String data) {
        try {
            StringBuilder out = new StringBuilder();
            dev.vtubermiku.protocol.Json.newMapper().readTree(data).path("services")
                    .forEach(s -> out.append(s.path("name").asText()).append('=').append(s.path("state").asText())
                            .append(':').append(s.path("detail").asText()).append(' '));
            return out.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onlyStatusChangesAreStoredAndRetentionIsOptIn() throws Exception {
        EventDao events = backend.app().database().readDao(EventDao.class);
        try (WsClient client = new WsClient(backend.ws("/ws"))) {
            client.send("{\"type\":\"subscribe\",\"topics\":[\"system.status\"]}");
            client.next(WsClient.type("subscribed"), WAIT);
            // Two periodic ticks reach a live client (every 5 s) ...
            client.next(m -> m.path("type").asText().equals("system.status"), Duration.ofSeconds(12));
            client.next(m -> m.path("type").asText().equals("system.status"), Duration.ofSeconds(12));
        }
        // ... but a status is stored only when a service's state or reason differs from the last stored one.
        java.util.List<String> stored = events.afterAll(0, 100_000).stream().filter(e -> e.eventType().equals("system.status"))
                .map(e -> states(e.data())).toList();
        assertThat(stored).isNotEmpty();
        for (int i = 1; i < stored.size(); i++) {
            assertThat(stored.get(i)).as("stored status %d repeats the one before", i).isNotEqualTo(stored.get(i - 1));
        }

        long total = events.count();
        Clock inAYear = Clock.fixed(Instant.now().plus(Duration.ofDays(365)), ZoneOffset.UTC);
        assertThat(new EventRetention(backend.app().database(), () -> 0, inAYear).purge()).isZero();
        assertThat(events.count()).isEqualTo(total);
        assertThat(new EventRetention(backend.app().database(), () -> 30, inAYear).purge()).isEqualTo(total);
        assertThat(events.count()).isZero();
    }
}
