package dev.vtubermiku.server.audience.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessage.Badge;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The YouTube connector through google-http-client's own mock transport, with a manual timer instead of sleeping. */
class YouTubeConnectorTest {

    private static final Instant T0 = Instant.parse("2026-12-04T18:00:00Z");
    private static final String KEY = "AIzaFakeKey_0123456789abcdefghij";

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final FakeYouTube youtube = new FakeYouTube();
    private final ManualTimer timer = new ManualTimer();
    private final List<ViewerMessage> messages = new ArrayList<>();
    private final List<ServiceHealth> states = new ArrayList<>();
    private final YouTubeQuota quota = new YouTubeQuota(clock);

    private YouTubeConnector connector(String video) {
        YouTubeConnector connector = new YouTubeConnector(new YouTubeConnector.Options(KEY, video), youtube, messages::add,
                states::add, clock, timer, quota);
        connector.start();
        return connector;
    }

    @Test
    void findsTheLiveChatThenPagesOnWithTheTokenAtTheServersInterval() {
        youtube.on("/videos", () -> ok(video("dQw4w9WgXcQ", "chat-1")));
        youtube.on("/liveChat/messages", () -> ok("""
                {"nextPageToken":"page-2","pollingIntervalMillis":3000,"items":[
                 %s, %s]}""".formatted(
                text("old", "UCold", "Early Bird", T0.minusSeconds(60), "said before she listened", false, false, false),
                text("m1", "UCrin", "Rin", T0.plusSeconds(1), "Miku, sing for us?", true, true, true))));
        youtube.on("/liveChat/messages", () -> ok("""
                {"nextPageToken":"page-3","pollingIntervalMillis":7000,"items":[%s]}""".formatted(superChat())));
        youtube.on("/liveChat/messages", () -> ok("""
                {"nextPageToken":"page-4","pollingIntervalMillis":250,"items":[]}"""));
        connector("dQw4w9WgXcQ");

        assertThat(timer.runNext()).isEqualTo(Duration.ZERO); // find the chat
        assertThat(states.getLast()).isEqualTo(ServiceHealth.ok(dev.vtubermiku.core.status.ServiceId.YOUTUBE,
                "reading the live chat of dQw4w9WgXcQ; quota today: under 500 units"));
        assertThat(timer.runNext()).isEqualTo(Duration.ZERO); // first page at once
        assertThat(timer.runNext()).isEqualTo(Duration.ofMillis(3000)); // the server's interval
        assertThat(timer.runNext()).isEqualTo(Duration.ofMillis(7000));
        assertThat(timer.pending()).isEqualTo(YouTubeConnector.MIN_POLL); // 250 ms asked: never faster than 1 s

        assertThat(youtube.urls).hasSize(4);
        assertThat(youtube.urls.get(0)).contains("/youtube/v3/videos").contains("part=liveStreamingDetails").contains("id=dQw4w9WgXcQ");
        assertThat(youtube.urls.get(1)).contains("liveChatId=chat-1").doesNotContain("pageToken");
        assertThat(youtube.urls.get(2)).contains("pageToken=page-2");
        assertThat(youtube.urls.get(3)).contains("pageToken=page-3");
        assertThat(youtube.urls).noneMatch(u -> u.contains(KEY) || u.contains("key="));
        assertThat(youtube.keys).containsOnly(KEY);

        assertThat(messages).extracting(ViewerMessage::messageId).containsExactly("m1", "sc1");
        ViewerMessage rin = messages.getFirst();
        assertThat(rin.platform()).isEqualTo("youtube");
        assertThat(rin.userId()).isEqualTo("UCrin");
        assertThat(rin.userName()).isEqualTo("Rin");
        assertThat(rin.badges()).isEqualTo(Set.of(Badge.BROADCASTER, Badge.MODERATOR, Badge.SUBSCRIBER));
        assertThat(rin.text()).isEqualTo("Miku, sing for us?");
        ViewerMessage paid = messages.get(1);
        assertThat(paid.bits()).isEqualTo(5);
        assertThat(paid.text()).isEqualTo("Great stream!");
        assertThat(paid.badges()).isEmpty();

        assertThat(quota.unitsToday()).isEqualTo(YouTubeQuota.VIDEOS_LIST + 3L * YouTubeQuota.LIVE_CHAT_MESSAGES_LIST);
        assertThat(quota.callsToday()).isEqualTo(4);
    }

    @Test
    void anExhaustedQuotaIsSaidClearlyAndBacksOffUntilItWorksAgain() {
        youtube.on("/videos", () -> ok(video("dQw4w9WgXcQ", "chat-1")));
        youtube.on("/liveChat/messages", () -> error(403, "youtube.quota", "quotaExceeded"));
        youtube.on("/liveChat/messages", () -> error(403, "youtube.quota", "quotaExceeded"));
        youtube.on("/liveChat/messages", () -> ok("""
                {"nextPageToken":"page-2","pollingIntervalMillis":4000,"items":[]}"""));
        connector("dQw4w9WgXcQ");
        timer.runNext();
        timer.runNext();

        assertThat(states.getLast().state()).isEqualTo(ServiceState.UNAVAILABLE);
        assertThat(states.getLast().detail()).startsWith("YouTube API quota exhausted (quotaExceeded)");
        assertThat(states.getLast().fix()).contains("midnight Pacific Time");
        assertThat(timer.pending()).isEqualTo(YouTubeConnector.QUOTA_BACKOFF);
        assertThat(timer.runNext()).isEqualTo(Duration.ofMinutes(15));
        assertThat(timer.pending()).isEqualTo(Duration.ofMinutes(30)); // doubled after the second refusal
        timer.runNext();
        assertThat(states.getLast().state()).isEqualTo(ServiceState.OK);
        assertThat(timer.pending()).isEqualTo(Duration.ofMillis(4000));
        assertThat(states).allSatisfy(s -> assertThat(s.toString()).doesNotContain(KEY));
    }

    @Test
    void aRefusedKeyIsSaidClearlyAndRetriedLater() {
        youtube.on("/videos", () -> error(400, "usageLimits", "keyInvalid"));
        connector("dQw4w9WgXcQ");
        timer.runNext();

        assertThat(states.getLast().state()).isEqualTo(ServiceState.UNAVAILABLE);
        assertThat(states.getLast().detail()).startsWith("YouTube refused YOUTUBE_API_KEY (HTTP 400, keyInvalid)");
        assertThat(timer.pending()).isEqualTo(YouTubeConnector.KEY_BACKOFF);
        assertThat(states).allSatisfy(s -> assertThat(s.toString()).doesNotContain(KEY));
    }

    @Test
    void aVideoThatIsNotLiveIsLookedAtAgainEveryMinute() {
        youtube.on("/videos", () -> ok("""
                {"items":[{"id":"dQw4w9WgXcQ","liveStreamingDetails":{"actualEndTime":"2026-12-01T00:00:00Z"}}]}"""));
        connector("dQw4w9WgXcQ");
        timer.runNext();

        assertThat(states.getLast().detail()).startsWith("video dQw4w9WgXcQ has no active live chat");
        assertThat(timer.pending()).isEqualTo(YouTubeConnector.VIDEO_NOT_LIVE_RETRY);
    }

    @Test
    void aChatThatEndsIsLookedForAgain() {
        youtube.on("/videos", () -> ok(video("dQw4w9WgXcQ", "chat-1")));
        youtube.on("/liveChat/messages", () -> error(403, "youtube.liveChat", "liveChatEnded"));
        youtube.on("/videos", () -> ok(video("dQw4w9WgXcQ", "chat-2")));
        connector("dQw4w9WgXcQ");
        timer.runNext();
        timer.runNext();

        assertThat(states.getLast().detail()).startsWith("the live chat of dQw4w9WgXcQ ended");
        assertThat(timer.runNext()).isEqualTo(YouTubeConnector.VIDEO_NOT_LIVE_RETRY);
        assertThat(states.getLast().state()).isEqualTo(ServiceState.OK);
        assertThat(youtube.urls).filteredOn(u -> u.contains("/videos")).hasSize(2);
    }

    @Test
    void aChannelIdIsResolvedToItsLiveBroadcastAtSearchCost() {
        youtube.on("/search", () -> ok("""
                {"items":[{"id":{"kind":"youtube#video","videoId":"liveVideo01"}}]}"""));
        youtube.on("/videos", () -> ok(video("liveVideo01", "chat-9")));
        connector("UC0123456789abcdefghijkl");
        timer.runNext();

        assertThat(youtube.urls.getFirst()).contains("/search").contains("channelId=UC0123456789abcdefghijkl").contains("eventType=live");
        assertThat(youtube.urls.get(1)).contains("id=liveVideo01");
        assertThat(states.getLast().detail()).startsWith("reading the live chat of liveVideo01");
        assertThat(quota.unitsToday()).isEqualTo(YouTubeQuota.SEARCH_LIST + YouTubeQuota.VIDEOS_LIST);
    }

    @Test
    void aNetworkFailureBacksOffAndNeverHangs() {
        youtube.on("/videos", () -> {
            throw new IOException("connection refused");
        });
        youtube.on("/videos", () -> {
            throw new IOException("connection refused");
        });
        connector("dQw4w9WgXcQ");
        timer.runNext();
        assertThat(states.getLast().detail()).startsWith("cannot reach YouTube (IOException)");
        assertThat(timer.runNext()).isEqualTo(Duration.ofSeconds(5));
        assertThat(timer.pending()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void closingCancelsTheNextStep() {
        youtube.on("/videos", () -> ok(video("dQw4w9WgXcQ", "chat-1")));
        YouTubeConnector connector = connector("dQw4w9WgXcQ");
        connector.close();
        timer.runNext();
        assertThat(youtube.urls).isEmpty();
        assertThat(connector.canPost()).isFalse();
        assertThat(connector.post("hello")).isFalse();
    }

    private static String video(String id, String chat) {
        return """
                {"items":[{"id":"%s","liveStreamingDetails":{"activeLiveChatId":"%s"}}]}""".formatted(id, chat);
    }

    private static String text(String id, String channel, String name, Instant at, String message, boolean owner, boolean mod,
            boolean sponsor) {
        return """
                {"id":"%s","snippet":{"type":"textMessageEvent","publishedAt":"%s","displayMessage":"%s",
                 "textMessageDetails":{"messageText":"%s"}},
                 "authorDetails":{"channelId":"%s","displayName":"%s","isChatOwner":%s,"isChatModerator":%s,"isChatSponsor":%s}}"""
                .formatted(id, at, message, message, channel, name, owner, mod, sponsor);
    }

    private static String superChat() {
        return """
                {"id":"sc1","snippet":{"type":"superChatEvent","publishedAt":"%s","displayMessage":"$5.00 from Len: Great stream!",
                 "superChatDetails":{"amountMicros":"5000000","currency":"USD","amountDisplayString":"$5.00","userComment":"Great stream!","tier":2}},
                 "authorDetails":{"channelId":"UClen","displayName":"Len","isChatOwner":false,"isChatModerator":false,"isChatSponsor":false}}"""
                .formatted(T0.plusSeconds(5));
    }

    private static MockLowLevelHttpResponse ok(String json) {
        return new MockLowLevelHttpResponse().setStatusCode(200).setContentType("application/json; charset=UTF-8").setContent(json);
    }

    private static MockLowLevelHttpResponse error(int code, String domain, String reason) {
        return new MockLowLevelHttpResponse().setStatusCode(code).setContentType("application/json; charset=UTF-8").setContent("""
                {"error":{"code":%d,"message":"refused","errors":[{"message":"refused","domain":"%s","reason":"%s"}]}}"""
                .formatted(code, domain, reason));
    }

    /** What YouTube answers, per path, in order; every request's URL and key header recorded. */
    private static final class FakeYouTube extends MockHttpTransport {
        interface Answer {
            MockLowLevelHttpResponse get() throws IOException;
        }

        private final List<String[]> answers = new ArrayList<>();
        final List<String> urls = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        private final List<Answer> replies = new ArrayList<>();

        void on(String path, Answer answer) {
            answers.add(new String[] {path});
            replies.add(answer);
        }

        @Override
        public LowLevelHttpRequest buildRequest(String method, String url) {
            return new MockLowLevelHttpRequest(url) {
                @Override
                public LowLevelHttpResponse execute() throws IOException {
                    urls.add(url);
                    keys.add(getFirstHeaderValue("x-goog-api-key"));
                    for (int i = 0; i < answers.size(); i++) {
                        if (url.contains("/youtube/v3" + answers.get(i)[0] + "?")) {
                            answers.remove(i);
                            return replies.remove(i).get();
                        }
                    }
                    throw new AssertionError("unexpected request " + url);
                }
            };
        }
    }

    /** A timer the test runs by hand: each step's delay is what the connector asked for. */
    private static final class ManualTimer implements YouTubeConnector.Timer {
        private final Deque<Object[]> queue = new ArrayDeque<>();

        @Override
        public Future<?> after(Duration delay, Runnable task) {
            CompletableFuture<Void> handle = new CompletableFuture<>();
            queue.add(new Object[] {delay, task, handle});
            return handle;
        }

        Duration pending() {
            assertThat(queue).as("a step is scheduled").hasSize(1);
            return (Duration) queue.peek()[0];
        }

        /** Runs the one scheduled step (unless it was cancelled) and returns the delay it was scheduled with. */
        Duration runNext() {
            Object[] next = queue.poll();
            assertThat(next).as("a step is scheduled").isNotNull();
            if (!((CompletableFuture<?>) next[2]).isCancelled()) {
                ((Runnable) next[1]).run();
            }
            return (Duration) next[0];
        }
    }
}
