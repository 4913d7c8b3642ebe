package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.FakeLlmServer.End;
import static dev.vtubermiku.server.FakeLlmServer.Script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.ChatLogDao;
import dev.vtubermiku.server.store.ChatLogRow;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat over real HTTP and /ws against the real backend, whose LLM is a fake OpenAI-compatible
 * server on loopback streaming real SSE: normal replies, every failure the issue names, and
 * clients that go away. Each case checks the events, the chat_logs rows and the error.
 */
class ChatApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static FakeLlmServer llm;
    static TestBackend backend;
    static long miku;

    WsClient ws;

    @BeforeAll
    static void start() throws Exception {
        llm = new FakeLlmServer();
        backend = TestBackend.start(dir, Map.of(
                "LLM_BASE_URL", llm.baseUrl(),
                "OPENROUTER_MODEL", "test-model",
                "LLM_FIRST_TOKEN_TIMEOUT", "1",
                "LLM_IDLE_TIMEOUT", "1",
                "LLM_RETRIES", "2"));
        miku = backend.character("Miku", "A cheerful virtual singer who streams every evening.", "Bubbly, curious, teases a little.");
        // chats that name no character go to the active one: make it this one rather than a starter
        assertThat(backend.post("/api/switch_character", "{\"character_id\":" + miku + "}").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        backend.close();
        llm.close();
    }

    @BeforeEach
    void watch() throws Exception {
        ws = new WsClient(backend.ws("/ws"));
        ws.send("{\"type\":\"subscribe\",\"topics\":[\"chat.*\",\"error.*\"]}");
        ws.next(WsClient.type("subscribed"), WAIT);
    }

    @AfterEach
    void unwatch() {
        ws.close();
    }

    static HttpResponse<String> chat(String body) {
        return backend.post("/api/chat", body);
    }

    /** Events of one exchange as the WebSocket saw them, up to its chat.response or error.occurred. */
    static List<JsonNode> turn(WsClient client) throws InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            JsonNode m = client.next(e -> e.path("type").asText().matches("chat\\..*|error\\.occurred"), WAIT);
            events.add(m);
            String type = m.path("type").asText();
            if (type.equals("chat.response") || type.equals("error.occurred")) {
                return events;
            }
        }
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    static String tokens(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("chat.token"))
                .map(e -> e.path("data").path("text").asText()).collect(Collectors.joining());
    }

    static List<ChatLogRow> rows() {
        return backend.app().database().readDao(ChatLogDao.class).recent(miku, 1000);
    }

    static void assertOrder(List<JsonNode> events, String last) {
        List<String> types = types(events);
        assertThat(types.getFirst()).isEqualTo("chat.message");
        assertThat(types.getLast()).isEqualTo(last);
        assertThat(types.subList(1, types.size() - 1)).allMatch("chat.token"::equals);
        String turn = events.getFirst().path("data").path("turn_id").asText();
        assertThat(events).allSatisfy(e -> assertThat(e.path("data").path("turn_id").asText()).isEqualTo(turn));
        List<Long> ids = events.stream().map(e -> e.path("id").asLong()).toList();
        assertThat(ids).isSorted();
    }

    @Test
    void aReplyStreamsAsTokensBetweenMessageAndResponseAndIsStoredWithItsEmotion() throws Exception {
        llm.script(Script.reply("[jo", "y] Hi", " there", ", I love", " this!"));
        int before = rows().size();

        HttpResponse<String> response = chat("{\"message\":\"Hello Miku!\",\"character_id\":" + miku + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiTest.json(response);
        assertThat(body.path("response").asText()).isEqualTo("Hi there, I love this!");
        assertThat(body.path("emotion").asText()).isEqualTo("joy");
        assertThat(body.path("character_id").asLong()).isEqualTo(miku);
        assertThat(body.has("audio_url")).isTrue();
        assertThat(body.path("audio_url").isNull()).isTrue();
        assertThat(body.has("audio_error")).isFalse();
        assertThat(body.path("latency_ms").asLong()).isGreaterThanOrEqualTo(0);

        List<JsonNode> events = turn(ws);
        assertOrder(events, "chat.response");
        assertThat(events.getFirst().path("data").path("text").asText()).isEqualTo("Hello Miku!");
        assertThat(tokens(events)).isEqualTo("Hi there, I love this!").doesNotContain("[").doesNotContain("joy]");
        JsonNode done = events.getLast().path("data");
        assertThat(done.path("chat_log_id").asLong()).isEqualTo(body.path("id").asLong());
        assertThat(done.path("emotion").asText()).isEqualTo("joy");
        assertThat(done.path("turn_id").asText()).isEqualTo(body.path("turn_id").asText());

        List<ChatLogRow> rows = rows();
        assertThat(rows).hasSize(before + 1);
        ChatLogRow row = rows.getLast();
        assertThat(row.id()).isEqualTo(body.path("id").asLong());
        assertThat(row.userMessage()).isEqualTo("Hello Miku!");
        assertThat(row.characterResponse()).isEqualTo("Hi there, I love this!");
        assertThat(row.emotion()).isEqualTo("joy");
        assertThat(row.audioFile()).isNull();

        JsonNode sent = llm.requests().poll(1, TimeUnit.SECONDS);
        assertThat(sent.path("model").asText()).isEqualTo("test-model");
        assertThat(sent.path("stream").asBoolean()).isTrue();
        String system = sent.path("messages").get(0).path("content").asText();
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(system).contains("You are Miku").contains("cheerful virtual singer").contains("Bubbly, curious")
                .contains("[joy]").contains("[smirk]");
        JsonNode lastMessage = sent.path("messages").get(sent.path("messages").size() - 1);
        assertThat(lastMessage.path("role").asText()).isEqualTo("user");
        assertThat(lastMessage.path("content").asText()).isEqualTo("Hello Miku!");
        assertThat(sent.path("_headers").path("X-title").toString()).contains("VtuberMiku");
        assertThat(sent.path("_headers").path("Http-referer").toString()).contains("http://localhost/vtubermiku");
    }

    @Test
    void theNextPromptCarriesTheRecentHistoryWithItsTags() throws Exception {
        llm.script(Script.reply("[smirk] ", "Obviously."));
        assertThat(chat("{\"message\":\"Are you the best singer?\"}").statusCode()).isEqualTo(200);
        turn(ws);
        llm.script(Script.reply("[neutral] ", "Sure."));
        assertThat(chat("{\"message\":\"Prove it.\"}").statusCode()).isEqualTo(200);

        JsonNode sent = llm.requests().poll(1, TimeUnit.SECONDS);
        List<String> lines = new ArrayList<>();
        sent.path("messages").forEach(m -> lines.add(m.path("role").asText() + ": " + m.path("content").asText()));
        assertThat(lines).containsSubsequence("user: Are you the best singer?", "assistant: [smirk] Obviously.", "user: Prove it.");
    }

    @Test
    void aReplyWithoutATagGetsTheEmotionOfItsWords() throws Exception {
        llm.script(Script.reply("Oh no, that is so sad.", " I am sorry."));
        JsonNode body = ApiTest.json(chat("{\"message\":\"My goldfish died.\"}"));
        assertThat(body.path("emotion").asText()).isEqualTo("sadness");
        assertThat(rows().getLast().emotion()).isEqualTo("sadness");
    }

    @Test
    void chatOverTheWebSocketStreamsTheSameEvents() throws Exception {
        llm.script(Script.reply("[surprise] ", "Oh!", " A WebSocket!"));
        int before = rows().size();

        ws.send("{\"type\":\"chat\",\"message\":\"Hi over ws\",\"character_id\":" + miku + "}");

        List<JsonNode> events = turn(ws);
        assertOrder(events, "chat.response");
        assertThat(events.getFirst().path("data").path("origin").asText()).isEqualTo("ws");
        assertThat(tokens(events)).isEqualTo("Oh! A WebSocket!");
        assertThat(events.getLast().path("data").path("emotion").asText()).isEqualTo("surprise");
        assertThat(rows()).hasSize(before + 1);
        assertThat(rows().getLast().userMessage()).isEqualTo("Hi over ws");
    }

    @Test
    void aSlowFirstTokenEndsInA504AndAnErrorEventAndNothingStored() throws Exception {
        // HANG after the late tokens: the server keeps writing, so it notices when the client has closed.
        llm.script(Script.reply("[joy] ", "Too late").delayed(Duration.ofSeconds(3)).ending(End.HANG));
        int before = rows().size();

        HttpResponse<String> response = chat("{\"message\":\"Are you there?\"}");

        ApiTest.assertProblem(response, 504);
        JsonNode problem = ApiTest.json(response);
        assertThat(problem.path("type").asText()).endsWith("llm-timeout");
        assertThat(problem.path("detail").asText()).contains("did not start answering within 1 s");
        List<JsonNode> events = turn(ws);
        assertOrder(events, "error.occurred");
        assertThat(events.getLast().path("data").path("reason").asText()).isEqualTo("timeout");
        assertThat(events.getLast().path("severity").asText()).isEqualTo("error");
        assertThat(rows()).hasSize(before);
        // The stream was really abandoned: the server finds its client gone when it finally writes.
        assertThat(llm.clientGone().await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStreamThatStallsMidReplyEndsInA504() throws Exception {
        llm.script(Script.reply("[joy] ", "Let me th").ending(End.HANG));
        int before = rows().size();

        HttpResponse<String> response = chat("{\"message\":\"Think about it\"}");

        ApiTest.assertProblem(response, 504);
        assertThat(ApiTest.json(response).path("detail").asText()).contains("stopped in the middle of its reply");
        List<JsonNode> events = turn(ws);
        assertOrder(events, "error.occurred");
        assertThat(tokens(events)).isEqualTo("Let me th");
        assertThat(events.getLast().path("data").path("partial_text").asText()).isEqualTo("Let me th");
        assertThat(rows()).hasSize(before);
        assertThat(llm.clientGone().await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aServerThatFallsSilentMidReplyEndsInA504AndItsConnectionIsClosed() throws Exception {
        llm.script(Script.reply("[joy] ", "Wait for").ending(End.SILENT));
        int before = rows().size();
        long started = System.nanoTime();

        HttpResponse<String> response = chat("{\"message\":\"Go on\"}");

        ApiTest.assertProblem(response, 504);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(turn(ws).getLast().path("data").path("reason").asText()).isEqualTo("timeout");
        assertThat(rows()).hasSize(before);
        assertThat(llm.clientGone().await(10, TimeUnit.SECONDS)).as("the silent stream was closed").isTrue();
    }

    @Test
    void aRateLimitBeforeTheFirstTokenIsRetriedAndThenSucceeds() throws Exception {
        llm.script(Script.status(429), Script.reply("[joy] ", "Second time lucky."));
        int before = rows().size();

        HttpResponse<String> response = chat("{\"message\":\"Busy?\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ApiTest.json(response).path("response").asText()).isEqualTo("Second time lucky.");
        assertThat(llm.chatRequests()).isEqualTo(2);
        List<JsonNode> events = turn(ws);
        assertOrder(events, "chat.response");
        assertThat(rows()).hasSize(before + 1);
    }

    @Test
    void aServerErrorThatPersistsEndsInA502AfterTheRetries() throws Exception {
        llm.script(Script.status(500));
        int before = rows().size();

        HttpResponse<String> response = chat("{\"message\":\"Hello?\"}");

        ApiTest.assertProblem(response, 502);
        JsonNode problem = ApiTest.json(response);
        assertThat(problem.path("type").asText()).endsWith("llm-server-error");
        assertThat(problem.path("detail").asText()).contains("HTTP 500").contains(llm.baseUrl());
        assertThat(llm.chatRequests()).isEqualTo(3);
        List<JsonNode> events = turn(ws);
        assertOrder(events, "error.occurred");
        assertThat(events.getLast().path("data").path("reason").asText()).isEqualTo("server_error");
        assertThat(rows()).hasSize(before);
    }

    @Test
    void aRejectedKeyIsNotRetried() throws Exception {
        llm.script(Script.status(401));
        HttpResponse<String> response = chat("{\"message\":\"Hello?\"}");
        ApiTest.assertProblem(response, 502);
        assertThat(ApiTest.json(response).path("detail").asText()).contains("rejected the API key").contains("OPENROUTER_API_KEY");
        assertThat(llm.chatRequests()).isEqualTo(1);
        turn(ws);
    }

    @Test
    void aMalformedChunkEndsInA502AndKeepsNothing() throws Exception {
        llm.script(Script.reply("[joy] ", "Hel").ending(End.MALFORMED));
        int before = rows().size();

        HttpResponse<String> response = chat("{\"message\":\"Say hello\"}");

        ApiTest.assertProblem(response, 502);
        assertThat(ApiTest.json(response).path("detail").asText()).contains("not OpenAI-compatible streaming JSON");
        List<JsonNode> events = turn(ws);
        assertOrder(events, "error.occurred");
        assertThat(events.getLast().path("data").path("reason").asText()).isEqualTo("malformed");
        assertThat(rows()).hasSize(before);
        assertThat(llm.clientGone().await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aServerThatDropsMidStreamEndsInA502NotInAHalfReply() throws Exception {
        llm.script(Script.reply("[joy] ", "Half a sen").ending(End.DROP));
        int before = rows().size();

        HttpResponse<String> response = chat("{\"message\":\"Tell me a story\"}");

        ApiTest.assertProblem(response, 502);
        assertThat(ApiTest.json(response).path("detail").asText()).contains("ended the stream before the reply was finished");
        List<JsonNode> events = turn(ws);
        assertOrder(events, "error.occurred");
        assertThat(events.getLast().path("data").path("reason").asText()).isEqualTo("dropped");
        assertThat(rows()).hasSize(before);
    }

    @Test
    void anHttpClientThatHangsUpCancelsTheStreamAndNothingIsStored() throws Exception {
        llm.script(Script.reply("[joy] ", "I ", "will ", "talk ", "for ", "a ", "long ", "time").every(Duration.ofMillis(300))
                .ending(End.HANG));
        int before = rows().size();
        String body = "{\"message\":\"Talk to me\"}";
        try (Socket socket = new Socket("127.0.0.1", backend.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ws.next(WsClient.type("chat.token"), WAIT); // the reply is streaming
        } // the client hangs up here

        JsonNode cancelled = ws.next(WsClient.type("error.occurred"), WAIT);
        assertThat(cancelled.path("data").path("reason").asText()).isEqualTo("cancelled");
        assertThat(cancelled.path("severity").asText()).isEqualTo("warning");
        assertThat(cancelled.path("data").path("detail").asText()).contains("HTTP client disconnected");
        assertThat(llm.clientGone().await(10, TimeUnit.SECONDS)).as("the LLM stream was closed").isTrue();
        assertThat(ws.drain(Duration.ofMillis(700))).noneMatch(m -> m.path("type").asText().equals("chat.response"));
        assertThat(rows()).hasSize(before);
    }

    @Test
    void aWebSocketClientThatDisconnectsCancelsItsStream() throws Exception {
        llm.script(Script.reply("[joy] ", "Still ", "talking ", "here").every(Duration.ofMillis(300)).ending(End.HANG));
        int before = rows().size();
        WsClient talker = new WsClient(backend.ws("/ws"));
        talker.send("{\"type\":\"chat\",\"message\":\"Talk over ws\"}");
        ws.next(WsClient.type("chat.token"), WAIT);

        talker.close();

        JsonNode cancelled = ws.next(WsClient.type("error.occurred"), WAIT);
        assertThat(cancelled.path("data").path("reason").asText()).isEqualTo("cancelled");
        assertThat(cancelled.path("data").path("detail").asText()).contains("WebSocket client disconnected");
        assertThat(llm.clientGone().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rows()).hasSize(before);
    }

    @Test
    void aWebSocketChatThatFailsIsAnsweredWithAProblemToTheSender() throws Exception {
        llm.script(Script.status(401));
        ws.send("{\"type\":\"chat\",\"message\":\"Hi\"}");
        JsonNode error = ws.next(WsClient.type("error"), WAIT);
        assertThat(error.path("problem").path("status").asInt()).isEqualTo(502);
        assertThat(error.path("problem").path("detail").asText()).contains("rejected the API key");
    }

    @Test
    void speakingWithoutAVoiceInstalledStillRepliesAndSaysHowToGetOne() throws Exception {
        llm.script(Script.reply("[joy] ", "La la la!"));
        JsonNode body = ApiTest.json(chat("{\"message\":\"Sing!\",\"speak\":true}"));
        assertThat(body.path("response").asText()).isEqualTo("La la la!");
        assertThat(body.path("audio_url").isNull()).isTrue();
        assertThat(body.path("audio_error").asText()).contains("./vtuber models pull en_US-amy-medium");
        assertThat(rows().getLast().audioFile()).isNull();
        JsonNode done = turn(ws).getLast();
        assertThat(done.path("data").path("audio_error").asText()).contains("models pull");
    }

    @Test
    void anUnknownCharacterIsA404OverHttpAndWebSocket() throws Exception {
        llm.script(Script.reply("[joy] ", "unused"));
        HttpResponse<String> response = chat("{\"message\":\"Hi\",\"character_id\":987654}");
        assertUnknownCharacter(response, "/api/chat",
                "There is no character 987654 (or it was archived). GET /api/characters lists them.");
        // The same problem, mapped in one place (Problems), from every route that names a character.
        assertUnknownCharacter(backend.get("/api/chat/history?character_id=987654"), "/api/chat/history",
                "There is no character 987654. GET /api/characters lists them.");
        assertUnknownCharacter(backend.post("/api/characters/987654/greeting", ""), "/api/characters/987654/greeting",
                "There is no character 987654 (or it was archived). GET /api/characters lists them.");
        assertUnknownCharacter(backend.get("/api/characters/987654/memories"), "/api/characters/987654/memories",
                "There is no character 987654 (or it was archived). GET /api/characters lists them.");

        ws.send("{\"type\":\"chat\",\"message\":\"Hi\",\"character_id\":987654}");
        JsonNode error = ws.next(WsClient.type("error"), WAIT);
        assertThat(error.path("problem").path("status").asInt()).isEqualTo(404);
        assertThat(llm.chatRequests()).isZero();
    }

    private static void assertUnknownCharacter(HttpResponse<String> response, String instance, String detail) throws Exception {
        ApiTest.assertProblem(response, 404);
        JsonNode problem = ApiTest.json(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:vtubermiku:problem:unknown-character");
        assertThat(problem.path("title").asText()).isEqualTo("Unknown character");
        assertThat(problem.path("detail").asText()).isEqualTo(detail);
        assertThat(problem.path("instance").asText()).isEqualTo(instance);
    }

    @Test
    void badChatRequestsAre400sThatNameTheField() throws Exception {
        llm.script(Script.reply("[joy] ", "unused"));
        for (String bad : List.of("{}", "{\"message\":\"   \"}", "{\"message\":42}", "{\"message\":\"hi\",\"character_id\":\"x\"}",
                "{\"message\":\"hi\",\"character_id\":0}", "{\"message\":\"hi\",\"mood\":\"happy\"}", "{\"message\":\"hi\",\"speak\":\"yes\"}", "[1]", "not json", "",
                "{\"message\":\"" + "a".repeat(4001) + "\"}")) {
            HttpResponse<String> response = chat(bad);
            ApiTest.assertProblem(response, 400);
        }
        assertThat(ApiTest.json(chat("{}")).path("errors").get(0).path("field").asText()).isEqualTo("message");
        ws.send("{\"type\":\"chat\",\"message\":\"\"}");
        assertThat(ws.next(WsClient.type("error"), WAIT).path("problem").path("status").asInt()).isEqualTo(400);
        assertThat(llm.chatRequests()).isZero();
    }

    @Test
    void historyComesNewestFirstInPages() throws Exception {
        long rin = backend.character("Rin", "Miku's energetic friend.", "Loud.");
        llm.script(Script.reply("[joy] ", "Yes!"));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(ApiTest.json(chat("{\"message\":\"line " + i + "\",\"character_id\":" + rin + "}")).path("id").asLong());
        }

        JsonNode first = ApiTest.json(backend.get("/api/chat/history?character_id=" + rin + "&limit=2"));
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("items").get(0).path("id").asLong()).isEqualTo(ids.get(2));
        assertThat(first.path("items").get(0).path("user_message").asText()).isEqualTo("line 2");
        assertThat(first.path("items").get(0).path("character_response").asText()).isEqualTo("Yes!");
        assertThat(first.path("items").get(0).path("emotion").asText()).isEqualTo("joy");
        assertThat(first.path("items").get(0).path("timestamp").asText()).endsWith("Z");
        long next = first.path("next_before").asLong();
        JsonNode second = ApiTest.json(backend.get("/api/chat/history?character_id=" + rin + "&limit=2&before=" + next));
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("items").get(0).path("id").asLong()).isEqualTo(ids.get(0));
        assertThat(second.path("next_before").isNull()).isTrue();

        JsonNode all = ApiTest.json(backend.get("/api/chat/history?limit=200"));
        assertThat(all.path("items").size()).isGreaterThanOrEqualTo(3);
        ApiTest.assertProblem(backend.get("/api/chat/history?character_id=987654"), 404);
        ApiTest.assertProblem(backend.get("/api/chat/history?limit=0"), 400);
        ApiTest.assertProblem(backend.get("/api/chat/history?before=abc"), 400);
    }
}
