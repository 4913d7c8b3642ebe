package dev.vtubermiku.server.audience;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import dev.vtubermiku.core.audience.ChatPoster;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.server.audience.twitch.FakeTwitchIrc;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The configured connectors come and go with their keys, report as services, and share one sink and stable posters. */
class ChatConnectorsTest {

    private final FakeTwitchIrc irc = new FakeTwitchIrc();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final ServiceMonitor monitor = new ServiceMonitor(List.of(), Clock.systemUTC(), scheduler);
    private final List<ViewerMessage> messages = new CopyOnWriteArrayList<>();
    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.defaults());
    private final MockHttpTransport youtube = new MockHttpTransport() {
        @Override
        public LowLevelHttpRequest buildRequest(String method, String url) {
            return new MockLowLevelHttpRequest(url) {
                @Override
                public LowLevelHttpResponse execute() {
                    String json = url.contains("/videos?") ? "{\"items\":[{\"id\":\"dQw4w9WgXcQ\",\"liveStreamingDetails\":{\"activeLiveChatId\":\"c1\"}}]}"
                            : "{\"pollingIntervalMillis\":60000,\"nextPageToken\":\"p2\",\"items\":[]}";
                    return new MockLowLevelHttpResponse().setStatusCode(200).setContentType("application/json").setContent(json);
                }
            };
        }
    };
    private final ChatConnectors connectors = new ChatConnectors(settings::get, monitor, Clock.systemUTC(), scheduler, youtube);

    @AfterEach
    void close() {
        connectors.close();
        irc.close();
        scheduler.shutdownNow();
    }

    private void configure(Map<ConfigKey, String> values) {
        settings.set(Settings.defaults().with(values, Settings.Source.RUNTIME));
        connectors.reconfigure(settings.get());
    }

    @Test
    void nothingConfiguredNothingRunsAndStatusDoesNotListThem() {
        connectors.start(messages::add);

        assertThat(monitor.snapshot()).extracting(c -> c.health().service()).doesNotContain(ServiceId.TWITCH, ServiceId.YOUTUBE);
        assertThat(connectors.connections()).extracting(ChatConnectors.Connection::state).containsExactly("off", "off");
        assertThat(connectors.posters()).extracting(ChatPoster::platform).containsExactly("twitch", "youtube");
        assertThat(connectors.posters()).noneMatch(ChatPoster::canPost);
    }

    @Test
    void twitchStartsRestartsWithATokenAndStopsWithItsKeys() {
        connectors.start(messages::add);
        List<ChatPoster> posters = connectors.posters();
        configure(Map.of(ConfigKey.TWITCH_CHANNEL, "mikuchan", ConfigKey.TWITCH_IRC_URL, irc.ircUrl(),
                ConfigKey.TWITCH_AUTH_URL, irc.authUrl()));
        await(() -> monitor.get(ServiceId.TWITCH).health().state() == ServiceState.OK && irc.joined() == 1);
        irc.chat("mikuchan", "rin", Map.of("id", "m1", "user-id", "1"), "hello Miku");
        await(() -> messages.size() == 1);
        assertThat(posters.getFirst().canPost()).isFalse();

        configure(Map.of(ConfigKey.TWITCH_CHANNEL, "mikuchan", ConfigKey.TWITCH_IRC_URL, irc.ircUrl(),
                ConfigKey.TWITCH_AUTH_URL, irc.authUrl(), ConfigKey.TWITCH_OAUTH_TOKEN, FakeTwitchIrc.TOKEN));
        await(() -> posters.getFirst().canPost());
        assertThat(posters.getFirst().post("Hi Rin!")).isTrue();
        await(() -> irc.receivedAny(l -> l.equals("PRIVMSG #mikuchan :Hi Rin!")));
        assertThat(connectors.connections().getFirst().detail()).isEqualTo("reading #mikuchan and posting as mikubot");

        configure(Map.of());
        assertThat(monitor.snapshot()).extracting(c -> c.health().service()).doesNotContain(ServiceId.TWITCH);
        assertThat(posters.getFirst().canPost()).isFalse();
        await(() -> irc.joined() == 0);
    }

    @Test
    void youtubeReportsItsStateAndTheQuotaSpent() {
        connectors.start(messages::add);
        configure(Map.of(ConfigKey.YOUTUBE_VIDEO_ID, "dQw4w9WgXcQ"));
        assertThat(monitor.get(ServiceId.YOUTUBE).health().detail()).isEqualTo("YOUTUBE_VIDEO_ID is set but YOUTUBE_API_KEY is not");

        configure(Map.of(ConfigKey.YOUTUBE_VIDEO_ID, "dQw4w9WgXcQ", ConfigKey.YOUTUBE_API_KEY, "AIzaFakeKey_0123456789abcdefghij"));
        await(() -> connectors.connections().get(1).quotaUnitsToday() != null && connectors.connections().get(1).quotaUnitsToday() == 6);
        ChatConnectors.Connection yt = connectors.connections().get(1);
        assertThat(yt.configured()).isTrue();
        assertThat(yt.state()).isEqualTo("ok");
        assertThat(yt.detail()).startsWith("reading the live chat of dQw4w9WgXcQ");
        assertThat(connectors.posters().get(1).canPost()).isFalse(); // an API key cannot write to a chat
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 15 s").isLessThan(end);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
