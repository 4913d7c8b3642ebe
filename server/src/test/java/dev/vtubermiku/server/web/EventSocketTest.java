package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.server.TestBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ws}: topics, ping, replay with since (across a restart), and slow clients. */
class EventSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void subscribersGetOnlyTheirTopics() throws Exception {
        try (TestBackend backend = TestBackend.start(dir, Map.of());
                WsClient training = new WsClient(backend.ws("/ws"));
                WsClient everything = new WsClient(backend.ws("/ws"))) {
            training.send("{\"type\":\"subscribe\",\"topics\":[\"training.*\"]}");
            JsonNode ack = training.next(WsClient.type("subscribed"), WAIT);
            assertThat(ack.path("topics").toString()).isEqualTo("[\"training.*\"]");

            EventBus bus = backend.app().bus();
            bus.publish("chat.message", Severity.INFO, "hello", Map.of("text", "hi"));
            bus.publish("training.progress", Severity.INFO, "epoch 1", Map.of("run_id", 7, "epoch", 1, "loss", 0.5));
            bus.publish("training.completed", Severity.INFO, "done", Map.of("run_id", 7));

            JsonNode first = training.next(m -> m.has("id"), WAIT);
            assertThat(first.path("type").asText()).isEqualTo("training.progress");
            assertThat(first.path("data").path("run_id").asInt()).isEqualTo(7);
            assertThat(first.path("data").path("loss").asDouble()).isEqualTo(0.5);
            assertThat(first.path("severity").asText()).isEqualTo("info");
            assertThat(first.path("timestamp").asText()).endsWith("Z");
            JsonNode second = training.next(m -> m.has("id"), WAIT);
            assertThat(second.path("type").asText()).isEqualTo("training.completed");
            assertThat(second.path("id").asLong()).isGreaterThan(first.path("id").asLong());
            assertThat(training.drain(Duration.ofMillis(300))).noneMatch(m -> m.path("type").asText().startsWith("chat"));

            assertThat(everything.next(WsClient.type("chat.message"), WAIT).path("data").path("text").asText()).isEqualTo("hi");
        }
    }

    @Test
    void pingAndBadMessagesAreAnswered() throws Exception {
        try (TestBackend backend = TestBackend.start(dir, Map.of());
                WsClient client = new WsClient(backend.ws("/ws"))) {
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next(WsClient.type("pong"), WAIT).has("last_id")).isTrue();
            client.send("not json");
            JsonNode error = client.next(WsClient.type("error"), WAIT);
            assertThat(error.path("problem").path("status").asInt()).isEqualTo(400);
            client.send("{\"type\":\"dance\"}");
            assertThat(client.next(WsClient.type("error"), WAIT).path("problem").path("status").asInt()).isEqualTo(400);
            client.send("{\"type\":\"subscribe\",\"topics\":[\"NOT VALID\"]}");
            assertThat(client.next(WsClient.type("error"), WAIT).path("problem").path("detail").asText()).contains("topic");
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next(WsClient.type("pong"), WAIT)).isNotNull();
        }
    }

    @Test
    void aBadSinceIsRefusedBeforeTheUpgrade() throws Exception {
        try (TestBackend backend = TestBackend.start(dir, Map.of())) {
            String response = RawHttp.exchange(backend.port(), "GET /ws?since=abc HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("since");
        }
    }

    @Test
    void sinceReplaysStoredEventsAcrossARestartThenGoesLiveWithoutGapsOrDuplicates() throws Exception {
        long cut;
        TestBackend backend = TestBackend.start(dir, Map.of());
        try {
            EventBus bus = backend.app().bus();
            bus.publish("replay.test", Severity.INFO, "one", Map.of("n", 1));
            cut = bus.publish("replay.test", Severity.INFO, "two", Map.of("n", 2)).id();
            bus.publish("replay.test", Severity.INFO, "three", Map.of("n", 3));
            bus.publish("replay.test", Severity.INFO, "four", Map.of("n", 4));
            backend = backend.restart();

            try (WsClient client = new WsClient(backend.ws("/ws?since=" + cut))) {
                backend.app().bus().publish("replay.test", Severity.INFO, "five", Map.of("n", 5));
                List<Integer> seen = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                while (seen.size() < 3) {
                    JsonNode event = client.next(WsClient.type("replay.test"), WAIT);
                    seen.add(event.path("data").path("n").asInt());
                    ids.add(event.path("id").asLong());
                }
                assertThat(seen).containsExactly(3, 4, 5);
                assertThat(ids).isSorted().doesNotHaveDuplicates();
                assertThat(client.drain(Duration.ofMillis(300))).noneMatch(m -> m.path("type").asText().equals("replay.test"));
            }
        } finally {
            backend.close();
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotSlowThePublisherAndOthersGetEveryEvent() throws Exception {
        int count = 10_000;
        try (TestBackend backend = TestBackend.start(dir, Map.of());
                WsClient reader = new WsClient(backend.ws("/ws"));
                Socket stalled = handshakeAndNeverRead(backend.port())) {
            reader.send("{\"type\":\"subscribe\",\"topics\":[\"flood.*\"]}");
            reader.next(WsClient.type("subscribed"), WAIT);

            EventBus bus = backend.app().bus();
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                bus.publish("flood.tick", Severity.INFO, "tick", Map.of("seq", i, "pad", "x".repeat(200)));
            }
            Duration publishing = Duration.ofNanos(System.nanoTime() - started);

            int expected = 0;
            while (expected < count) {
                JsonNode event = reader.next(WsClient.type("flood.tick"), Duration.ofSeconds(30));
                assertThat(event.path("data").path("seq").asInt()).isEqualTo(expected);
                expected++;
            }
            // 10,000 stored events take well under a second on this hardware; a publisher blocked by
            // the stalled client would never finish, since the client never drains its socket.
            assertThat(publishing).isLessThan(Duration.ofSeconds(20));
            assertThat(stalled.isConnected()).isTrue();
            assertThat(backend.app().bus().stats().subscribers()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void clientsThatGoAwayLeaveNoSubscriptionBehind() throws Exception {
        try (TestBackend backend = TestBackend.start(dir, Map.of())) {
            EventBus bus = backend.app().bus();
            int before = bus.stats().subscribers();
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                WsClient client = new WsClient(backend.ws("/ws"));
                client.send("{\"type\":\"ping\"}");
                client.next(WsClient.type("pong"), WAIT);
                clients.add(client);
            }
            assertThat(bus.stats().subscribers()).isEqualTo(before + 20);
            clients.forEach(WsClient::close);
            for (int i = 0; i < 100 && bus.stats().subscribers() > before; i++) {
                bus.publish("leak.check", Severity.INFO, "nudge", Map.of());
                Thread.sleep(50);
            }
            assertThat(bus.stats().subscribers()).isEqualTo(before);
            try (WsClient after = new WsClient(backend.ws("/ws"))) {
                after.send("{\"type\":\"ping\"}");
                assertThat(after.next(WsClient.type("pong"), WAIT)).isNotNull();
            }
        }
    }

    /** A raw WebSocket client that completes the handshake and then never reads a byte. */
    private static Socket handshakeAndNeverRead(int port) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setReceiveBufferSize(4096);
        String key = Base64.getEncoder().encodeToString("stalled-client-1".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("handshake closed: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }
}
