package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.web.VoiceClient.event;
import static dev.vtubermiku.server.web.VoiceClient.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.VoiceFrames;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Her one speaking path over real HTTP and /ws, with the real Piper engine (the fixture voice, which
 * speaks silence of a length that grows with the text) and the fake LLM streaming slowly: a typed
 * chat with {@code speak: true} is announced and heard chunk by chunk before its reply is complete,
 * by the listeners that {@code VOICE_PLAYBACK} chooses, and a stalled listener delays nobody.
 */
class SpeakingPathTest {

    private static final Duration T = Duration.ofSeconds(30);
    /** The first sentence ends with a space: it is a chunk as soon as it arrives, 1.5 s before the next. */
    private static final Script SLOW = Script.reply("[joy] ", "Hello there, my dear friend! ", "It is a lovely day.",
            " Shall we begin?").every(Duration.ofMillis(1500));

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

    @BeforeEach
    @AfterEach
    void desktop() {
        assertThat(backend.post("/api/config", "{\"VOICE_PLAYBACK\":\"desktop\"}").statusCode()).isEqualTo(200);
    }

    private static VoiceClient listener(String as) throws InterruptedException {
        VoiceClient client = new VoiceClient(backend.ws("/ws"));
        client.send("{\"type\":\"listen\",\"as\":\"" + as + "\"}");
        client.next(type("listen.started"), T);
        return client;
    }

    private static CompletableFuture<HttpResponse<String>> chat(String message) {
        return HttpClient.newHttpClient().sendAsync(backend.request("/api/chat").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\",\"speak\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the turn of a chat to be said to its end; returns the turn id. */
    private static String saidToTheEnd(VoiceClient client) throws InterruptedException {
        String turn = client.next(type(EventTypes.CHAT_MESSAGE), T).path("data").path("turn_id").asText();
        client.next(m -> event(EventTypes.SPEECH_FINISHED, turn).test(m) && m.path("data").path("turn_end").asBoolean(), T);
        return turn;
    }

    @Test
    void aSpokenChatIsAnnouncedAndHeardChunkByChunkBeforeItsReplyIsComplete() throws Exception {
        llm.script(SLOW);
        try (VoiceClient desktop = listener("desktop")) {
            CompletableFuture<HttpResponse<String>> response = chat("Say hi");
            String turn = desktop.next(type(EventTypes.CHAT_MESSAGE), T).path("data").path("turn_id").asText();
            JsonNode first = desktop.next(event(EventTypes.SPEECH_STARTED, turn), T);
            assertThat(response).as("the reply is still being written when her first words play").isNotDone();
            desktop.next(event(EventTypes.CHAT_RESPONSE, turn), T);
            desktop.next(m -> event(EventTypes.SPEECH_FINISHED, turn).test(m) && m.path("data").path("turn_end").asBoolean(), T);

            JsonNode data = first.path("data");
            assertThat(data.path("chunk").asInt()).isZero();
            assertThat(data.path("text").asText()).isEqualTo("Hello there, my dear friend!");
            assertThat(data.path("origin").asText()).isEqualTo("chat");
            assertThat(data.path("emotion").asText()).isEqualTo("joy");
            assertThat(data.path("sample_rate").asInt()).isEqualTo(22_050);
            assertThat(data.path("envelope_ms").asInt()).isEqualTo(20);
            assertThat(data.path("envelope")).hasSize((data.path("samples").asInt() + 440) / 441);

            List<JsonNode> events = desktop.events(turn);
            List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
            assertThat(types.indexOf(EventTypes.SPEECH_STARTED)).as("speech.started before chat.response: " + types)
                    .isLessThan(types.indexOf(EventTypes.CHAT_RESPONSE));
            List<JsonNode> started = events.stream().filter(type(EventTypes.SPEECH_STARTED)).toList();
            assertThat(started).extracting(e -> e.path("data").path("text").asText())
                    .containsExactly("Hello there, my dear friend!", "It is a lovely day.", "Shall we begin?");
            assertThat(started).extracting(e -> e.path("data").path("chunk").asInt()).containsExactly(0, 1, 2);
            assertThat(events.stream().filter(type(EventTypes.SPEECH_FINISHED)))
                    .allSatisfy(e -> assertThat(e.path("data").path("origin").asText()).isEqualTo("chat"))
                    .hasSize(4); // each chunk, then the turn's end

            // Her frames: the turn's UUID, each chunk's samples as its event announced, then the turn's end.
            desktop.frame(f -> f.turnId().toString().equals(turn) && f.turnEnd(), T);
            List<VoiceFrames.AudioFrame> frames = desktop.frames(turn);
            int total = 0;
            for (JsonNode s : started) {
                int chunk = s.path("data").path("chunk").asInt();
                List<VoiceFrames.AudioFrame> of = frames.stream().filter(f -> f.chunk() == chunk && !f.turnEnd()).toList();
                assertThat(of.getFirst().seq()).isEqualTo(s.path("data").path("first_seq").asLong());
                assertThat(of.stream().mapToInt(f -> f.samples().length).sum()).isEqualTo(s.path("data").path("samples").asInt());
                total += s.path("data").path("samples").asInt();
            }
            assertThat(frames.getLast().turnEnd()).isTrue();

            // The HTTP answer keeps the whole reply as one playable WAV: the chunks she said, back to back.
            HttpResponse<String> answer = response.get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode body = ApiTest.json(answer);
            assertThat(body.path("turn_id").asText()).isEqualTo(turn);
            HttpResponse<byte[]> wav = HttpClient.newHttpClient().send(backend.request(body.path("audio_url").asText()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(wav.statusCode()).isEqualTo(200);
            assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            ByteBuffer header = ByteBuffer.wrap(wav.body()).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(header.getInt(24)).as("sample rate").isEqualTo(22_050);
            assertThat(header.getInt(40)).as("data bytes").isEqualTo(total * 2);
        }
    }

    @Test
    void theSettingChoosesWhoHearsHerAndChangesAtRunTime() throws Exception {
        try (VoiceClient desktop = listener("desktop"); VoiceClient overlay = listener("overlay")) {
            llm.script(Script.reply("[joy] ", "Hello desktop."));
            chat("One");
            String first = saidToTheEnd(desktop);
            assertThat(saidToTheEnd(overlay)).isEqualTo(first);
            desktop.frame(f -> f.turnId().toString().equals(first) && f.turnEnd(), T);

            assertThat(backend.post("/api/config", "{\"VOICE_PLAYBACK\":\"overlay\"}").statusCode()).isEqualTo(200);
            llm.script(Script.reply("[joy] ", "Hello overlay."));
            chat("Two");
            String second = saidToTheEnd(overlay);
            overlay.frame(f -> f.turnId().toString().equals(second) && f.turnEnd(), T);
            saidToTheEnd(desktop);

            assertThat(desktop.frames(first)).isNotEmpty();
            assertThat(overlay.frames(first)).as("desktop only: nothing to the overlay").isEmpty();
            assertThat(overlay.frames(second)).isNotEmpty();
            assertThat(desktop.frames(second)).as("overlay only: nothing to the desktop").isEmpty();
            // both hear the events either way (captions)
            assertThat(overlay.events(first)).anyMatch(type(EventTypes.SPEECH_STARTED));
        }
    }

    @Test
    void aListenerIsAskedForARoleAndUnlistenStopsTheFrames() throws Exception {
        try (VoiceClient client = new VoiceClient(backend.ws("/ws"))) {
            client.send("{\"type\":\"listen\",\"as\":\"speakers\"}");
            JsonNode error = client.next(type("error"), T);
            assertThat(error.path("problem").path("status").asInt()).isEqualTo(400);
            assertThat(error.path("problem").path("detail").asText()).contains("overlay or desktop");

            client.send("{\"type\":\"listen\",\"as\":\"overlay\"}");
            JsonNode started = client.next(type("listen.started"), T);
            assertThat(started.path("listen").path("as").asText()).isEqualTo("overlay");
            assertThat(started.path("listen").path("playback").asText()).isEqualTo("desktop");
            assertThat(started.path("listen").path("hears").asBoolean()).isFalse();
            client.send("{\"type\":\"unlisten\"}");
            client.next(type("listen.stopped"), T);
            assertThat(backend.post("/api/config", "{\"VOICE_PLAYBACK\":\"both\"}").statusCode()).isEqualTo(200);
            client.send("{\"type\":\"chat\",\"message\":\"Over the socket\",\"speak\":true}");
            String turn = saidToTheEnd(client);
            assertThat(client.events(turn).stream().filter(type(EventTypes.SPEECH_STARTED)))
                    .allSatisfy(e -> assertThat(e.path("data").path("origin").asText()).isEqualTo("chat"));
            assertThat(client.frames(turn)).as("no longer listening").isEmpty();
        }
    }

    @Test
    void aListenerThatNeverReadsDelaysNeitherHerNorTheOthers() throws Exception {
        try (Socket stalled = stalledListener(); VoiceClient desktop = listener("desktop")) {
            for (int i = 0; i < 3; i++) {
                llm.script(Script.reply("[joy] ", "Hello there, my dear friend! It is a lovely day. Shall we begin?"));
                long asked = System.nanoTime();
                chat("Again " + i);
                String turn = desktop.next(type(EventTypes.CHAT_MESSAGE), T).path("data").path("turn_id").asText();
                desktop.next(event(EventTypes.SPEECH_STARTED, turn), T);
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("her first words, turn " + i)
                        .isLessThan(Duration.ofSeconds(5));
                desktop.next(m -> event(EventTypes.SPEECH_FINISHED, turn).test(m) && m.path("data").path("turn_end").asBoolean(), T);
                desktop.frame(f -> f.turnId().toString().equals(turn) && f.turnEnd(), T);
                // every frame reached the listener that reads, in order, without a gap
                List<VoiceFrames.AudioFrame> frames = desktop.frames(turn);
                for (int k = 1; k < frames.size(); k++) {
                    assertThat(frames.get(k).seq()).isEqualTo(frames.get(k - 1).seq() + 1);
                }
            }
        }
    }

    @Test
    void aChatCutOffMidSentenceEndsItsSpeechInterruptedAndNoFrameFollows() throws Exception {
        llm.script(Script.reply("[joy] ", "Hello there, my dear friend! ", "And then").every(Duration.ofMillis(300))
                .ending(FakeLlmServer.End.HANG));
        try (VoiceClient desktop = listener("desktop")) {
            String turn;
            try (VoiceClient sender = new VoiceClient(backend.ws("/ws"))) {
                sender.send("{\"type\":\"chat\",\"message\":\"Talk\",\"speak\":true}");
                turn = desktop.next(type(EventTypes.CHAT_MESSAGE), T).path("data").path("turn_id").asText();
                desktop.next(event(EventTypes.SPEECH_STARTED, turn), T);
                desktop.frame(f -> f.turnId().toString().equals(turn), T);
            } // the sender leaves: its unfinished reply is cancelled, and she stops
            JsonNode end = desktop.next(m -> event(EventTypes.SPEECH_FINISHED, turn).test(m)
                    && m.path("data").path("turn_end").asBoolean(), T);
            assertThat(end.path("data").path("interrupted").asBoolean()).isTrue();
            assertThat(end.path("data").path("turn_end").asBoolean()).isTrue();
            assertThat(end.path("data").path("origin").asText()).isEqualTo("chat");
            Thread.sleep(300); // frames that were on their way would have arrived by now
            List<VoiceClient.Arrival> arrivals = desktop.arrivals;
            int endAt = -1;
            for (int i = 0; i < arrivals.size(); i++) {
                JsonNode t = arrivals.get(i).text();
                if (t != null && t.path("id").asLong() == end.path("id").asLong()) {
                    endAt = i;
                }
            }
            assertThat(endAt).isNotNegative();
            assertThat(arrivals.subList(endAt, arrivals.size()))
                    .noneMatch(a -> a.frame() != null && a.frame().turnId().toString().equals(turn));
        }
    }

    @Test
    void herGreetingIsSpokenThroughTheSamePath() throws Exception {
        JsonNode miku = ApiTest.json(backend.get("/api/characters")).findParents("name").stream()
                .filter(c -> c.path("name").asText().equals("Miku")).findFirst().orElseThrow();
        try (VoiceClient desktop = listener("desktop")) {
            HttpResponse<String> response = backend.post("/api/characters/" + miku.path("id").asLong() + "/greeting", "");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            JsonNode body = ApiTest.json(response);
            assertThat(body.path("text").asText()).isEqualTo(miku.path("greeting").asText()).isNotBlank();
            String turn = body.path("turn_id").asText();
            JsonNode end = desktop.next(m -> event(EventTypes.SPEECH_FINISHED, turn).test(m) && m.path("data").path("turn_end").asBoolean(), T);
            assertThat(end.path("data").path("origin").asText()).isEqualTo("greeting");
            assertThat(desktop.events(turn).stream().filter(type(EventTypes.SPEECH_STARTED)))
                    .isNotEmpty().allSatisfy(e -> assertThat(e.path("data").path("origin").asText()).isEqualTo("greeting"));
            assertThat(desktop.frame(f -> f.turnId().toString().equals(turn), T)).isNotNull();
        }
        long plain = backend.character("Plain", "No greeting at all.", "Quiet.");
        ApiTest.assertProblem(backend.post("/api/characters/" + plain + "/greeting", ""), 409);
        ApiTest.assertProblem(backend.post("/api/characters/987654/greeting", ""), 404);
        ApiTest.assertProblem(backend.post("/api/characters/abc/greeting", ""), 400);
    }

    /** A /ws client that asks to hear her and then never reads, with a receive buffer of 4 KB. */
    private static Socket stalledListener() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", backend.port()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the upgrade answer").isNotNegative();
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        byte[] listen = "{\"type\":\"listen\",\"as\":\"desktop\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[6 + listen.length];
        frame[0] = (byte) 0x81; // FIN, text
        frame[1] = (byte) (0x80 | listen.length); // masked (a client's frames are), short length
        System.arraycopy(listen, 0, frame, 6, listen.length); // mask key 0: the payload as it is
        out.write(frame);
        out.flush();
        return socket; // never read from again
    }
}
