package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.ChatLogDao;
import dev.vtubermiku.server.store.ChatLogRow;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat with speak:true on the real Piper engine (fixture voice): the reply's audio is stored, logged and served. */
class SpokenChatTest {

    @TempDir
    static Path dir;

    static FakeLlmServer llm;
    static TestBackend backend;

    @BeforeAll
    static void start() throws Exception {
        Path fixtures = Fixtures.dir();
        llm = new FakeLlmServer();
        backend = TestBackend.start(dir, Map.of(
                "LLM_BASE_URL", llm.baseUrl(),
                "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString()));
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    static HttpResponse<byte[]> bytes(String path) throws Exception {
        return HttpClient.newHttpClient().send(backend.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aSpokenReplyIsStoredLoggedAndServedAsWav() throws Exception {
        // Miku's voice (en_US-amy-medium) is not installed here: she speaks with the default voice
        llm.script(Script.reply("[joy] ", "Hello there!", " Welcome to the stream."));

        HttpResponse<String> response = backend.post("/api/chat", "{\"message\":\"Say hi\",\"speak\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiTest.json(response);
        String url = body.path("audio_url").asText();
        assertThat(url).matches("/api/audio/chat/[0-9a-f-]{36}\\.wav");
        assertThat(body.path("audio_error").isMissingNode() || body.path("audio_error").isNull()).as(body.toString()).isTrue();
        List<ChatLogRow> rows = backend.app().database().readDao(ChatLogDao.class)
                .recent(body.path("character_id").asLong(), 10);
        assertThat(rows.getLast().audioFile()).isEqualTo(url.substring("/api/".length()));
        assertThat(dir.resolve("data").resolve(rows.getLast().audioFile())).isRegularFile();

        HttpResponse<byte[]> wav = bytes(url);
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(wav.headers().firstValue("Content-Type")).contains("audio/wav");
        ByteBuffer header = ByteBuffer.wrap(wav.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(header.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(header.getInt(24)).as("sample rate").isEqualTo(22050);
        assertThat(header.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(wav.body().length).as("a second of speech or more").isGreaterThan(44 + 22050 * 2);
    }

    @Test
    void onlyFilesTheAppMadeAreServed() throws Exception {
        for (String path : List.of("/api/audio/chat/nothing.wav", "/api/audio/chat/..%2F..%2Fvtuber.db",
                "/api/audio/chat/00000000-0000-0000-0000-000000000000.wav")) {
            HttpResponse<byte[]> response = bytes(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
        }
    }
}
