package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no key and no LLM_BASE_URL: a local OpenAI-compatible server if one answers, else the offline echo. */
class LlmRoutingTest {

    @TempDir
    Path dir;

    static JsonNode llmStatus(TestBackend backend) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (JsonNode s : ApiTest.json(backend.get("/api/status")).path("services")) {
                if (s.path("name").asText().equals("llm") && !s.path("state").asText().equals("starting")) {
                    return s;
                }
            }
            assertThat(System.nanoTime()).as("llm status within 10 s").isLessThan(deadline);
            Thread.sleep(50); // polling a status endpoint; there is no event to wait on before the first probe
        }
    }

    @Test
    void withNothingConfiguredChatAnswersWithTheOfflineEchoAndStatusSaysWhatToSet() throws Exception {
        try (TestBackend backend = TestBackend.start(dir, Map.of())) {
            long id = backend.character("Miku", "", "");
            HttpResponse<String> response = backend.post("/api/chat", "{\"message\":\"Can you hear me?\",\"character_id\":" + id + "}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = ApiTest.json(response);
            assertThat(body.path("response").asText()).contains("You said: \"Can you hear me?\"").contains("offline echo")
                    .doesNotContain("[neutral]");
            assertThat(body.path("emotion").asText()).isEqualTo("neutral");
            JsonNode llm = llmStatus(backend);
            assertThat(llm.path("state").asText()).isEqualTo("degraded");
            assertThat(llm.path("detail").asText()).isEqualTo("offline echo — set OPENROUTER_API_KEY or LLM_BASE_URL");
            assertThat(llm.path("fix").asText()).contains("OPENROUTER_API_KEY").contains("Ollama");
        }
    }

    @Test
    void aLocalServerThatAnswersIsUsedWithItsFirstModel() throws Exception {
        try (FakeLlmServer local = new FakeLlmServer().models(List.of("llama3.2:3b", "qwen2.5:7b"));
                TestBackend backend = TestBackend.start(dir, Map.of("LLM_LOCAL_URL", local.baseUrl()))) {
            local.script(FakeLlmServer.Script.reply("[joy] ", "Local and happy."));
            long id = backend.character("Miku", "", "");

            HttpResponse<String> response = backend.post("/api/chat", "{\"message\":\"Hi\",\"character_id\":" + id + "}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(ApiTest.json(response).path("response").asText()).isEqualTo("Local and happy.");
            JsonNode sent = local.requests().poll(5, TimeUnit.SECONDS);
            assertThat(sent.path("model").asText()).isEqualTo("llama3.2:3b");
            assertThat(sent.path("_headers").has("Authorization")).isFalse();
            JsonNode llm = llmStatus(backend);
            assertThat(llm.path("state").asText()).isEqualTo("ok");
            assertThat(llm.path("detail").asText()).contains("local server " + local.baseUrl()).contains("llama3.2:3b");
        }
    }
}
