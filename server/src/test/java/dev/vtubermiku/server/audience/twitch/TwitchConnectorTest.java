package dev.vtubermiku.server.audience.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessage.Badge;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceState;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Twitch4J against {@link FakeTwitchIrc}: reading, normalising, reconnecting, posting, and keeping the token secret. */
class TwitchConnectorTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final FakeTwitchIrc irc = new FakeTwitchIrc();
    private final List<ViewerMessage> messages = new CopyOnWriteArrayList<>();
    private final List<ServiceHealth> states = new CopyOnWriteArrayList<>();
    private TwitchConnector connector;

    @BeforeEach
    void noConnectorYet() {
        connector = null;
    }

    @AfterEach
    void closeAll() {
        if (connector != null) {
            connector.close();
        }
        irc.close();
    }

    private TwitchConnector start(String token) {
        connector = new TwitchConnector(new TwitchConnector.Options("#MikuChan", token, irc.ircUrl(), irc.authUrl()),
                messages::add, states::add, Clock.systemUTC());
        connector.start();
        await("joined #mikuchan", () -> irc.joined() == 1 && latest().state() == ServiceState.OK
                || latest().state() == ServiceState.DEGRADED && irc.joined() == 1);
        return connector;
    }

    @Test
    void readsAnonymouslyAndDeliversNormalisedMessages() {
        start(null);

        assertThat(irc.received()).anyMatch(l -> l.startsWith("CAP REQ :") && l.contains("twitch.tv/tags") && l.contains("twitch.tv/commands"));
        assertThat(irc.received()).anyMatch(l -> l.matches("(?i)nick justinfan\\d+"));
        assertThat(irc.received()).anyMatch(l -> l.equalsIgnoreCase("JOIN #mikuchan"));
        assertThat(irc.received()).noneMatch(l -> l.toLowerCase().startsWith("pass"));
        assertThat(latest().detail()).isEqualTo("reading #mikuchan anonymously (no token: she does not post)");

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("badge-info", "subscriber/14");
        tags.put("badges", "moderator/1,subscriber/12,vip/1");
        tags.put("bits", "100");
        tags.put("display-name", "Rin\\sK");
        tags.put("emotes", "25:0-4");
        tags.put("first-msg", "1");
        tags.put("id", "b34ccfc7-4977-403a-8a94-33c6bac34fb8");
        tags.put("user-id", "1337");
        irc.chat("mikuchan", "rin_k", tags, "Kappa Miku, what is your favourite song?");
        irc.chat("someoneelse", "rin_k", Map.of("id", "x"), "not our channel");

        await("one message", () -> messages.size() == 1);
        ViewerMessage m = messages.getFirst();
        assertThat(m.platform()).isEqualTo("twitch");
        assertThat(m.messageId()).isEqualTo("b34ccfc7-4977-403a-8a94-33c6bac34fb8");
        assertThat(m.userId()).isEqualTo("1337");
        assertThat(m.userName()).isEqualTo("Rin K");
        assertThat(m.badges()).isEqualTo(Set.of(Badge.MODERATOR, Badge.SUBSCRIBER, Badge.VIP));
        assertThat(m.bits()).isEqualTo(100);
        assertThat(m.firstTime()).isTrue();
        assertThat(m.text()).isEqualTo("Miku, what is your favourite song?");

        assertThat(connector.canPost()).isFalse();
        assertThat(connector.post("hello chat")).isFalse();
        assertThat(irc.received()).noneMatch(l -> l.startsWith("PRIVMSG"));
    }

    @Test
    void answersPingWithPong() {
        start(null);
        irc.ping();
        await("PONG", () -> irc.receivedAny(l -> l.equals("PONG :tmi.twitch.tv")));
    }

    @Test
    void reconnectsWhenTwitchAsksAndRejoins() {
        start(null);
        int before = irc.opened();

        irc.askToReconnect();

        await("a new connection that joined again", () -> irc.opened() > before && irc.joined() == 1
                && latest().state() == ServiceState.OK);
        irc.chat("mikuchan", "len", Map.of("id", "after-reconnect", "user-id", "7"), "still there?");
        await("the message after the reconnect", () -> messages.stream().anyMatch(m -> m.messageId().equals("after-reconnect")));
    }

    @Test
    void reconnectsAfterADroppedSocketAndSaysSoMeanwhile() {
        start(null);
        int before = irc.opened();

        irc.dropAll();

        await("reported lost", () -> states.stream().anyMatch(s -> s.state() == ServiceState.UNAVAILABLE
                && s.detail().equals("connection to Twitch chat lost; reconnecting")));
        await("reconnected and joined", () -> irc.opened() > before && irc.joined() == 1 && latest().state() == ServiceState.OK);
        irc.chat("mikuchan", "len", Map.of("id", "after-drop", "user-id", "7"), "back");
        await("the message after the drop", () -> messages.stream().anyMatch(m -> m.messageId().equals("after-drop")));
    }

    @Test
    void withATokenSheLogsInPostsAndTheTokenNeverReachesTheLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        // Twitch4J's most talkative, the raw IRC lines included, whatever levels the backend's
        // logging (installed by other tests in this JVM) set for these loggers
        List<String> names = List.of(Logger.ROOT_LOGGER_NAME, "com.github.twitch4j", "com.github.twitch4j.chat.TwitchChat",
                "com.github.philippheuer", "dev.vtubermiku");
        Map<String, Level> levels = new java.util.HashMap<>();
        for (String name : names) {
            levels.put(name, context.getLogger(name).getLevel());
            context.getLogger(name).setLevel(Level.TRACE);
        }
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        try {
            start("oauth:" + FakeTwitchIrc.TOKEN);

            assertThat(irc.received()).contains("pass oauth:" + FakeTwitchIrc.TOKEN);
            assertThat(irc.received()).anyMatch(l -> l.equalsIgnoreCase("nick " + FakeTwitchIrc.BOT));
            assertThat(latest().detail()).isEqualTo("reading #mikuchan and posting as " + FakeTwitchIrc.BOT);
            assertThat(connector.canPost()).isTrue();

            assertThat(connector.post("Thank you, Rin!\r\nPRIVMSG #mikuchan :injected")).isTrue();
            await("her reply at the server", () -> irc.receivedAny(l -> l.startsWith("PRIVMSG #mikuchan :")));
            assertThat(irc.received()).filteredOn(l -> l.startsWith("PRIVMSG"))
                    .containsExactly("PRIVMSG #mikuchan :Thank you, Rin! PRIVMSG #mikuchan :injected");
        } finally {
            root.detachAppender(captured);
            names.forEach(name -> context.getLogger(name).setLevel(levels.get(name)));
        }
        assertThat(captured.list).anyMatch(e -> e.getLoggerName().startsWith("com.github.twitch4j") && e.getLevel() == Level.TRACE);
        assertThat(captured.list).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(FakeTwitchIrc.TOKEN);
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(FakeTwitchIrc.TOKEN);
            }
        });
        assertThat(states).allSatisfy(s -> assertThat(s.toString()).doesNotContain(FakeTwitchIrc.TOKEN));
    }

    @Test
    void aRevokedTokenIsNeverSentAndSheReadsAnonymously() {
        irc.tokenValid(false);
        start(FakeTwitchIrc.TOKEN);

        assertThat(irc.received()).noneMatch(l -> l.toLowerCase().startsWith("pass"));
        assertThat(irc.received()).anyMatch(l -> l.matches("(?i)nick justinfan\\d+"));
        assertThat(latest().state()).isEqualTo(ServiceState.DEGRADED);
        assertThat(latest().detail()).isEqualTo("reading #mikuchan anonymously: Twitch rejected TWITCH_OAUTH_TOKEN (expired or revoked)");
        assertThat(connector.canPost()).isFalse();
    }

    @Test
    void aTokenWithoutChatEditReadsButDoesNotPost() {
        irc.scopes(List.of("chat:read"));
        start(FakeTwitchIrc.TOKEN);

        assertThat(irc.received()).contains("pass oauth:" + FakeTwitchIrc.TOKEN);
        assertThat(latest().state()).isEqualTo(ServiceState.DEGRADED);
        assertThat(latest().detail()).endsWith("lacks the chat:edit scope");
        assertThat(connector.post("hi")).isFalse();
    }

    @Test
    void theTokenStaysHomeWhenTheUrlIsNeitherTwitchNorThisMachine() {
        assertThat(TwitchConnector.trustedHost("wss://irc-ws.chat.twitch.tv:443")).isTrue();
        assertThat(TwitchConnector.trustedHost("ws://127.0.0.1:1234/")).isTrue();
        assertThat(TwitchConnector.trustedHost("wss://irc.example.com/")).isFalse();
        assertThat(new TwitchConnector.Options("x", "oauth:hidden123456", "ws://a", "http://b").toString())
                .doesNotContain("hidden123456").contains("token=(secret)");
    }

    private ServiceHealth latest() {
        return states.isEmpty() ? new ServiceHealth(dev.vtubermiku.core.status.ServiceId.TWITCH, ServiceState.STARTING, "", null)
                : states.getLast();
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
