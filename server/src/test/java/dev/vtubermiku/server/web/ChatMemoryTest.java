package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.FakeLlmServer.Script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-term memory end to end, with the real in-process embedding model: what the streamer said
 * long enough ago to have left the history window is recalled by meaning into the prompt the LLM
 * receives, per character, and can be inspected and forgotten over HTTP.
 */
class ChatMemoryTest {

    @TempDir
    static Path dir;

    static FakeLlmServer llm;
    static TestBackend backend;

    @BeforeAll
    static void start() throws Exception {
        llm = new FakeLlmServer();
        // A history window of about one exchange, so older ones can only come back through memory.
        backend = TestBackend.start(dir, Map.of("LLM_BASE_URL", llm.baseUrl(), "OPENROUTER_MODEL", "test-model",
                "CHAT_HISTORY_TOKENS", "40"));
    }

    @AfterAll
    static void stop() {
        backend.close();
        llm.close();
    }

    static JsonNode say(long character, String message, String reply) throws Exception {
        llm.script(Script.reply("[neutral] ", reply));
        HttpResponse<String> response = backend.post("/api/chat", "{\"message\":\"" + message + "\",\"character_id\":" + character + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiTest.json(response);
    }

    /** The system prompt and the other messages the fake LLM received for the last request. */
    static List<String> lastPrompt() throws InterruptedException {
        JsonNode sent = null;
        JsonNode next;
        while ((next = llm.requests().poll(0, TimeUnit.SECONDS)) != null) {
            sent = next;
        }
        assertThat(sent).isNotNull();
        List<String> messages = new ArrayList<>();
        sent.path("messages").forEach(m -> messages.add(m.path("role").asText() + ": " + m.path("content").asText()));
        return messages;
    }

    @Test
    void whatTheStreamerSaidEarlierIsRecalledIntoTheLaterPromptAndCanBeForgotten() throws Exception {
        long miku = backend.character("Miku", "A virtual singer.", "Warm.");
        long rin = backend.character("Rin", "Miku's friend.", "Loud.");
        say(miku, "my cat is called Mochi", "Mochi is such a cute name for a cat!");
        say(miku, "what should I cook tonight?", "How about curry?");
        say(miku, "I finished the song cover today", "Congratulations, I can't wait to hear it!");

        say(miku, "what is my pet's name?", "It is Mochi!");

        List<String> prompt = lastPrompt();
        String system = prompt.getFirst();
        assertThat(system).startsWith("system: ").contains("Things you remember from earlier conversations")
                .contains("the user said: \"my cat is called Mochi\"");
        // It came from memory, not from the history window.
        assertThat(prompt.subList(1, prompt.size())).noneMatch(m -> m.contains("Mochi"));
        assertThat(prompt.getLast()).isEqualTo("user: what is my pet's name?");

        // Another character does not share Miku's memories.
        say(rin, "what is my pet's name?", "No idea!");
        assertThat(String.join("\n", lastPrompt())).doesNotContain("Mochi");

        JsonNode all = ApiTest.json(backend.get("/api/characters/" + miku + "/memories"));
        assertThat(all.path("total").asLong()).isEqualTo(4);
        assertThat(all.path("items")).hasSize(4);
        assertThat(all.path("items").get(0).path("user_message").asText()).isEqualTo("what is my pet's name?");
        assertThat(all.path("items").get(0).has("score")).isFalse();
        assertThat(all.path("items").get(3).path("chat_log_id").asLong()).isPositive();

        JsonNode paged = ApiTest.json(backend.get("/api/characters/" + miku + "/memories?limit=3"));
        assertThat(paged.path("items")).hasSize(3);
        JsonNode rest = ApiTest.json(backend.get("/api/characters/" + miku + "/memories?limit=3&before="
                + paged.path("next_before").asLong()));
        assertThat(rest.path("items")).hasSize(1);
        assertThat(rest.path("items").get(0).path("user_message").asText()).isEqualTo("my cat is called Mochi");

        JsonNode searched = ApiTest.json(backend.get("/api/characters/" + miku + "/memories?q=my%20kitten&limit=2"));
        assertThat(searched.path("items")).hasSize(2);
        assertThat(searched.path("items").get(0).path("user_message").asText()).contains("Mochi").contains("cat");
        assertThat(searched.path("items").get(0).path("score").asDouble()).isBetween(0.3, 1.0);

        long oneId = rest.path("items").get(0).path("id").asLong();
        assertThat(ApiTest.json(backend.delete("/api/characters/" + miku + "/memories/" + oneId)).path("deleted").asLong()).isEqualTo(1);
        ApiTest.assertProblem(backend.delete("/api/characters/" + miku + "/memories/" + oneId), 404);
        say(miku, "do you remember my cat?", "Hmm, tell me again?");
        assertThat(lastPrompt().getFirst()).doesNotContain("Mochi is such");

        JsonNode forgotten = ApiTest.json(backend.delete("/api/characters/" + miku + "/memories"));
        assertThat(forgotten.path("deleted").asLong()).isEqualTo(4);
        assertThat(ApiTest.json(backend.get("/api/characters/" + miku + "/memories")).path("total").asLong()).isZero();
        // The history is not touched by forgetting.
        assertThat(ApiTest.json(backend.get("/api/chat/history?character_id=" + miku)).path("items")).hasSize(5);
    }

    @Test
    void memoriesOfAnUnknownCharacterAre404AndBadParametersAre400() throws Exception {
        ApiTest.assertProblem(backend.get("/api/characters/987654/memories"), 404);
        ApiTest.assertProblem(backend.delete("/api/characters/987654/memories"), 404);
        ApiTest.assertProblem(backend.get("/api/characters/abc/memories"), 400);
        long id = backend.character("Len", "", "");
        ApiTest.assertProblem(backend.get("/api/characters/" + id + "/memories?limit=1000"), 400);
        ApiTest.assertProblem(backend.delete("/api/characters/" + id + "/memories/0"), 400);
        assertThat(ApiTest.json(backend.get("/api/characters/" + id + "/memories")).path("total").asLong()).isZero();
    }
}
