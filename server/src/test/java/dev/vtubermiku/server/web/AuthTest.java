package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.web.ApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With API_TOKEN set, every /api route, /ws, /openapi.json and /docs need it, as a bearer token; and a loopback server refuses foreign Host names. */
class AuthTest {

    private static final String TOKEN = "correct-horse-battery-staple";

    @TempDir
    static Path dir;

    static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(dir, Map.of("API_TOKEN", TOKEN));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void apiRoutesNeedTheBearerToken() throws Exception {
        for (String path : new String[] {"/api/health", "/api/status", "/api/config", "/api/events", "/api/logs", "/api/nothing"}) {
            assertProblem(backend.get(path), 401);
            assertProblem(backend.get(path, "Authorization", "Bearer wrong-token-of-some-length"), 401);
        }
        assertProblem(backend.post("/api/config", "{\"LOG_LEVEL\":\"DEBUG\"}"), 401);
        assertThat(backend.get("/api/health", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(backend.get("/api/config", "Authorization", "Bearer " + TOKEN).body()).doesNotContain(TOKEN);
        assertThat(backend.get("/api/health").headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    private static void problem(HttpResponse<String> response, int status, String detailPart) throws Exception {
        assertProblem(response, status);
        assertThat(response.body()).contains(detailPart).doesNotContain(TOKEN);
    }

    @Test
    void aBareTokenWithoutTheBearerSchemeIsRefused() throws Exception {
        problem(backend.get("/api/health", "Authorization", TOKEN), 401, "Bearer <API_TOKEN>");
        problem(backend.get("/api/health", "Authorization", "Basic " + TOKEN), 401, "Bearer <API_TOKEN>");
        problem(backend.get("/api/health", "Authorization", "Token " + TOKEN), 401, "Bearer <API_TOKEN>");
        assertThat(backend.get("/api/health", "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void theApiDescriptionAndDocsPageNeedTheTokenToo() throws Exception {
        // They map every endpoint and field: with a token set the server may face a network.
        for (String path : new String[] {"/openapi.json", "/docs"}) {
            assertProblem(backend.get(path), 401);
            assertThat(backend.get(path, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theWebSocketNeedsTheTokenToo() throws Exception {
        assertThatThrownBy(() -> new WsClient(backend.ws("/ws")).close()).hasStackTraceContaining("401");
        assertThatThrownBy(() -> new WsClient(backend.ws("/ws?token=nope-nope-nope-nope")).close())
                .hasStackTraceContaining("401");
        try (WsClient client = new WsClient(backend.ws("/ws?token=" + TOKEN))) {
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next(WsClient.type("pong"), Duration.ofSeconds(5)).has("last_id")).isTrue();
        }
    }

    @Test
    void aForeignHostNameIsRefusedWhileBoundToLoopback() throws Exception {
        String response = RawHttp.exchange(backend.port(), "GET /api/health HTTP/1.1\r\nHost: attacker.example\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 403").contains("application/problem+json");
    }
}
