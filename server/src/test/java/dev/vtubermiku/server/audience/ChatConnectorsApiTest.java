package dev.vtubermiku.server.audience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.audience.twitch.FakeTwitchIrc;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connectors in a real backend over real HTTP: service {@code twitch} in /api/status while
 * configured, a restart on POST /api/config, and the token masked in the config and absent from the logs.
 */
class ChatConnectorsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakeTwitchIrc irc;
    private TestBackend backend;

    @BeforeEach
    void start() {
        irc = new FakeTwitchIrc();
        backend = TestBackend.start(dir, Map.of("TWITCH_CHANNEL", "mikuchan", "TWITCH_IRC_URL", irc.ircUrl(),
                "TWITCH_AUTH_URL", irc.authUrl(), "TWITCH_OAUTH_TOKEN", "oauth:" + FakeTwitchIrc.TOKEN));
    }

    @AfterEach
    void stop() {
        backend.close();
        irc.close();
    }

    @Test
    void twitchIsAServiceWhileConfiguredAndRestartsWhenItsKeysChange() throws Exception {
        await(() -> "reading #mikuchan and posting as mikubot".equals(twitch().path("detail").asText()));
        assertThat(twitch().path("state").asText()).isEqualTo("ok");

        HttpResponse<String> changed = backend.post("/api/config", "{\"TWITCH_CHANNEL\": \"#OtherChan\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        await(() -> irc.receivedAny(l -> l.equalsIgnoreCase("JOIN #otherchan")));
        await(() -> "reading #otherchan and posting as mikubot".equals(twitch().path("detail").asText()));
        await(() -> irc.joined() == 1); // the first connection was closed, not left behind

        HttpResponse<String> bad = backend.post("/api/config", "{\"TWITCH_IRC_URL\": \"http://not-a-websocket\"}");
        assertThat(bad.statusCode()).isBetween(400, 499);
        assertThat(bad.body()).contains("ws://");

        assertThat(backend.post("/api/config", "{\"TWITCH_CHANNEL\": \"\"}").statusCode()).isEqualTo(200);
        await(() -> twitch().isMissingNode());
        await(() -> irc.joined() == 0);

        String config = backend.get("/api/config").body();
        assertThat(config).contains("TWITCH_OAUTH_TOKEN").doesNotContain(FakeTwitchIrc.TOKEN);
        String logs = backend.get("/api/logs?limit=1000").body();
        assertThat(logs).contains("Twitch").doesNotContain(FakeTwitchIrc.TOKEN);
    }

    private JsonNode twitch() {
        try {
            for (JsonNode service : JSON.readTree(backend.get("/api/status").body()).path("services")) {
                if (service.path("name").asText().equals("twitch")) {
                    return service;
                }
            }
            return JSON.missingNode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(end);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
