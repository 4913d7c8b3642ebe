package dev.vtubermiku.server.audience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.AudienceReplied;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.audience.twitch.FakeTwitchIrc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twitch end to end in the real backend: a viewer's PRIVMSG at the fake Twitch IRC server becomes an
 * {@code audience.message} event, a question naming her is answered by the chat engine and spoken with
 * the fixture voice, and her reply reaches the fake server as a PRIVMSG because a token is set.
 */
class TwitchAudienceEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FakeTwitchIrc irc;
    private FakeLlmServer llm;
    private TestBackend backend;
    private EventLog events;

    @AfterEach
    void stop() {
        if (events != null) {
            events.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (llm != null) {
            llm.close();
        }
        if (irc != null) {
            irc.close();
        }
    }

    @Test
    void aViewersQuestionOnTwitchIsAnsweredAloudAndPostedBack() throws Exception {
        Path fixtures = Fixtures.dir();
        irc = new FakeTwitchIrc();
        llm = new FakeLlmServer();
        llm.script(Script.reply("[joy] ", "Hi Ada! ", "My favourite is World is Mine."));
        backend = TestBackend.start(dir, Map.of("LLM_BASE_URL", llm.baseUrl(),
                "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString(),
                "AUDIENCE_COOLDOWN_SECONDS", "0", "AUDIENCE_POST_REPLIES", "true",
                "TWITCH_CHANNEL", "mikuchan", "TWITCH_IRC_URL", irc.ircUrl(), "TWITCH_AUTH_URL", irc.authUrl(),
                "TWITCH_OAUTH_TOKEN", FakeTwitchIrc.TOKEN));
        events = new EventLog(backend.app().bus());
        long end = System.nanoTime() + WAIT.toNanos();
        while (irc.joined() < 1 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(irc.joined()).as("joined #mikuchan").isEqualTo(1);

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("badges", "subscriber/3");
        tags.put("display-name", "Ada");
        tags.put("first-msg", "1");
        tags.put("id", "twitch-msg-1");
        tags.put("user-id", "4711");
        irc.chat("mikuchan", "ada", tags, "Miku, what is your favourite song?");

        Event message = events.await(EventTypes.AUDIENCE_MESSAGE, e -> "Ada".equals(e.data().get("user_name")), WAIT);
        assertThat(message.data()).containsEntry("platform", "twitch");
        Event selected = events.await(EventTypes.AUDIENCE_SELECTED, e -> "Ada".equals(e.data().get("user_name")), WAIT);
        String turn = (String) selected.data().get("turn_id");
        AudienceReplied replied = EventPayload.decode(
                events.await(EventTypes.AUDIENCE_REPLIED, e -> turn.equals(e.data().get("turn_id")), WAIT).data(), AudienceReplied.class);
        assertThat(replied.reply()).isEqualTo("Hi Ada! My favourite is World is Mine.");
        assertThat(replied.spoken()).as("spoken with the fixture voice").isTrue();
        assertThat(replied.posted()).isTrue();

        end = System.nanoTime() + WAIT.toNanos();
        while (!irc.receivedAny(l -> l.startsWith("PRIVMSG #mikuchan :")) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(irc.received()).filteredOn(l -> l.startsWith("PRIVMSG"))
                .containsExactly("PRIVMSG #mikuchan :@Ada Hi Ada! My favourite is World is Mine.");
    }
}
