package dev.vtubermiku.server.audience.youtube;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.youtube.YouTube;
import com.google.api.services.youtube.model.LiveChatMessage;
import com.google.api.services.youtube.model.LiveChatMessageListResponse;
import com.google.api.services.youtube.model.SearchListResponse;
import com.google.api.services.youtube.model.Video;
import com.google.api.services.youtube.model.VideoListResponse;
import dev.vtubermiku.core.audience.ChatPoster;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessageSink;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one YouTube live chat with an API key: finds the video's {@code activeLiveChatId} (for a
 * channel id, first its live broadcast), then polls {@code liveChatMessages.list} with the page token
 * and at the interval the server asks for, counting the quota each call costs. A refused key, an
 * exhausted quota, a chat that ended or a network failure becomes a clear status of service
 * {@code youtube} and a retry after a growing pause; nothing blocks for longer than one HTTP timeout.
 * The key travels as the {@code X-Goog-Api-Key} header, never in a URL, and is never logged.
 * An API key cannot write to a chat, so she never posts on YouTube.
 */
public final class YouTubeConnector implements ChatPoster, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(YouTubeConnector.class);
    private static final ServiceId SERVICE = ServiceId.YOUTUBE;
    static final Duration MIN_POLL = Duration.ofSeconds(1);
    static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    static final Duration VIDEO_NOT_LIVE_RETRY = Duration.ofMinutes(1);
    static final Duration CHANNEL_NOT_LIVE_RETRY = Duration.ofMinutes(10);
    static final Duration NETWORK_BACKOFF = Duration.ofSeconds(5);
    static final Duration KEY_BACKOFF = Duration.ofMinutes(5);
    static final Duration QUOTA_BACKOFF = Duration.ofMinutes(15);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /**
     * @param apiKey the YouTube Data API key
     * @param video  an 11-character video id, or a channel id (UC…) whose live broadcast is looked up
     */
    public record Options(String apiKey, String video) {
        public Options {
            apiKey = apiKey.trim();
            video = video.trim();
        }

        boolean isChannel() {
            return video.length() == 24 && video.startsWith("UC");
        }

        @Override
        public String toString() { // the key stays out of every log line and message
            return "Options[apiKey=(secret), video=" + video + "]";
        }
    }

    /** Runs a task after a delay (the tests' manual timer, or the backend's scheduler); returns what cancels it. */
    @FunctionalInterface
    public interface Timer {
        Future<?> after(Duration delay, Runnable task);
    }

    private final Options options;
    private final YouTube api;
    private final ViewerMessageSink sink;
    private final Consumer<ServiceHealth> status;
    private final Clock clock;
    private final Timer timer;
    private final YouTubeQuota quota;
    private final Instant startedAt;
    private @Nullable String videoId;
    private @Nullable String liveChatId;
    private @Nullable String pageToken;
    private int failures;
    private volatile @Nullable Future<?> next;
    private volatile boolean closed;

    public YouTubeConnector(Options options, HttpTransport transport, ViewerMessageSink sink, Consumer<ServiceHealth> status,
            Clock clock, Timer timer, YouTubeQuota quota) {
        this.options = options;
        this.sink = sink;
        this.status = status;
        this.clock = clock;
        this.timer = timer;
        this.quota = quota;
        this.startedAt = clock.instant();
        this.videoId = options.isChannel() ? null : options.video();
        this.api = new YouTube.Builder(transport, GsonFactory.getDefaultInstance(), request -> {
            request.setConnectTimeout(10_000);
            request.setReadTimeout(20_000);
            request.setNumberOfRetries(0);
            request.getHeaders().set("X-Goog-Api-Key", options.apiKey());
        }).setApplicationName("VtuberMiku").build();
    }

    /** Starts looking for the live chat now; returns at once. */
    public void start() {
        status.accept(new ServiceHealth(SERVICE, ServiceState.STARTING, "looking for the live chat of " + options.video(), null));
        schedule(Duration.ZERO);
    }

    /** The quota spent today (for status and the audience API). */
    public YouTubeQuota quota() {
        return quota;
    }

    private void schedule(Duration delay) {
        if (!closed) {
            next = timer.after(delay, this::step);
        }
    }

    /** One step: find the chat, or read one page of it; then schedule the next. */
    synchronized void step() {
        if (closed) {
            return;
        }
        Duration wait;
        try {
            wait = liveChatId == null ? findChat() : poll();
            failures = 0;
        } catch (GoogleJsonResponseException e) {
            wait = refused(e);
        } catch (IOException e) {
            failures++;
            log.warn("YouTube did not answer ({}); trying again", e.getClass().getSimpleName());
            status.accept(ServiceHealth.unavailable(SERVICE, "cannot reach YouTube (" + e.getClass().getSimpleName() + ")" + spent(),
                    "check the network; it tries again by itself"));
            wait = backoff(NETWORK_BACKOFF);
        } catch (RuntimeException e) {
            failures++;
            log.warn("Reading the YouTube live chat failed", e);
            status.accept(ServiceHealth.unavailable(SERVICE, "reading the live chat failed (" + e.getClass().getSimpleName() + ")" + spent(),
                    "see the log; it tries again by itself"));
            wait = backoff(NETWORK_BACKOFF);
        }
        schedule(wait);
    }

    private Duration findChat() throws IOException {
        if (videoId == null) {
            quota.spend(YouTubeQuota.SEARCH_LIST);
            SearchListResponse found = api.search().list(List.of("id")).setChannelId(options.video()).setEventType("live")
                    .setType(List.of("video")).setMaxResults(1L).execute();
            if (found.getItems() == null || found.getItems().isEmpty() || found.getItems().getFirst().getId() == null) {
                notLive("channel " + options.video() + " is not live");
                return CHANNEL_NOT_LIVE_RETRY;
            }
            videoId = found.getItems().getFirst().getId().getVideoId();
        }
        quota.spend(YouTubeQuota.VIDEOS_LIST);
        VideoListResponse videos = api.videos().list(List.of("liveStreamingDetails")).setId(List.of(videoId)).execute();
        List<Video> items = videos.getItems();
        String chat = items == null || items.isEmpty() || items.getFirst().getLiveStreamingDetails() == null ? null
                : items.getFirst().getLiveStreamingDetails().getActiveLiveChatId();
        if (items == null || items.isEmpty()) {
            notLive("video " + videoId + " does not exist or is private");
            return retryNotLive();
        }
        if (chat == null) {
            notLive("video " + videoId + " has no active live chat (not live, or the stream ended)");
            return retryNotLive();
        }
        liveChatId = chat;
        pageToken = null;
        log.info("Reading the YouTube live chat of video {}", videoId);
        status.accept(ServiceHealth.ok(SERVICE, "reading the live chat of " + videoId + spent()));
        return Duration.ZERO;
    }

    private Duration retryNotLive() {
        if (options.isChannel()) {
            videoId = null; // the channel may go live with another video
            return CHANNEL_NOT_LIVE_RETRY;
        }
        return VIDEO_NOT_LIVE_RETRY;
    }

    private void notLive(String why) {
        status.accept(ServiceHealth.unavailable(SERVICE, why + spent(), "start the stream (she looks again by herself), or check YOUTUBE_VIDEO_ID"));
    }

    private Duration poll() throws IOException {
        quota.spend(YouTubeQuota.LIVE_CHAT_MESSAGES_LIST);
        YouTube.LiveChatMessages.List request = api.liveChatMessages().list(liveChatId, List.of("snippet", "authorDetails"))
                .setMaxResults(2000L);
        if (pageToken != null) {
            request.setPageToken(pageToken);
        }
        LiveChatMessageListResponse page = request.execute();
        boolean first = pageToken == null;
        Instant now = clock.instant();
        int delivered = 0;
        for (LiveChatMessage item : page.getItems() == null ? List.<LiveChatMessage>of() : page.getItems()) {
            if (first && item.getSnippet() != null && item.getSnippet().getPublishedAt() != null
                    && Instant.ofEpochMilli(item.getSnippet().getPublishedAt().getValue()).isBefore(startedAt)) {
                continue; // the backlog from before she started listening is not for her to answer
            }
            if (item.getSnippet() != null && "chatEndedEvent".equals(item.getSnippet().getType())) {
                return ended();
            }
            var message = YouTubeMessages.normalise(item, now);
            if (message.isPresent()) {
                try {
                    sink.accept(message.get());
                    delivered++;
                } catch (RuntimeException e) {
                    log.warn("A YouTube chat message could not be delivered ({})", e.getClass().getSimpleName(), e);
                }
            }
        }
        if (page.getOfflineAt() != null) {
            return ended();
        }
        pageToken = page.getNextPageToken();
        Duration interval = page.getPollingIntervalMillis() == null ? DEFAULT_POLL
                : Duration.ofMillis(Math.max(MIN_POLL.toMillis(), page.getPollingIntervalMillis()));
        log.debug("YouTube live chat: {} new messages, next poll in {} ms", delivered, interval.toMillis());
        status.accept(ServiceHealth.ok(SERVICE, "reading the live chat of " + videoId + spent()));
        return interval;
    }

    private Duration ended() {
        liveChatId = null;
        pageToken = null;
        if (options.isChannel()) {
            videoId = null;
        }
        notLive("the live chat of " + options.video() + " ended");
        return retryNotLive();
    }

    /** YouTube answered with an error: say which, clearly, and wait before the next try. */
    private Duration refused(GoogleJsonResponseException e) {
        failures++;
        String reason = reason(e);
        int code = e.getStatusCode();
        switch (reason) {
            case "quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded" -> {
                log.warn("YouTube quota exhausted ({}); waiting", reason);
                status.accept(ServiceHealth.unavailable(SERVICE, "YouTube API quota exhausted (" + reason + ")" + spent(),
                        "the daily quota resets at midnight Pacific Time; ask Google for more, or poll less"));
                return backoff(QUOTA_BACKOFF);
            }
            case "liveChatEnded", "liveChatNotFound", "liveChatDisabled", "videoNotFound" -> {
                log.info("YouTube live chat unavailable ({})", reason);
                failures = 0;
                return ended();
            }
            default -> {
                if (code == 400 || code == 401 || code == 403) {
                    log.warn("YouTube refused the API key (HTTP {}, {})", code, reason);
                    status.accept(ServiceHealth.unavailable(SERVICE, "YouTube refused YOUTUBE_API_KEY (HTTP " + code + ", " + reason + ")" + spent(),
                            "check the key and that the YouTube Data API v3 is enabled for its project"));
                    return backoff(KEY_BACKOFF);
                }
                log.warn("YouTube answered HTTP {} ({})", code, reason);
                status.accept(ServiceHealth.unavailable(SERVICE, "YouTube answered HTTP " + code + " (" + reason + ")" + spent(),
                        "it tries again by itself"));
                return backoff(NETWORK_BACKOFF);
            }
        }
    }

    /** The first error reason Google gives ("quotaExceeded", "keyInvalid"…), never the message (it can quote the request). */
    static String reason(GoogleJsonResponseException e) {
        GoogleJsonError details = e.getDetails();
        if (details != null && details.getErrors() != null && !details.getErrors().isEmpty()
                && details.getErrors().getFirst().getReason() != null) {
            String reason = details.getErrors().getFirst().getReason();
            return reason.matches("[A-Za-z_]{1,60}") ? reason : "unknown";
        }
        return "no reason given";
    }

    /** {@code base}, doubled for every failure in a row, at most {@link #MAX_BACKOFF}. */
    Duration backoff(Duration base) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 10);
        Duration wait = base.multipliedBy(factor);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /**
     * The quota in steps of 500 units: status is stored whenever its detail changes, so the exact
     * count (which grows with every poll) is for {@link #quota()}, not for this line.
     */
    private String spent() {
        long units = quota.unitsToday();
        return units < 500 ? "; quota today: under 500 units" : "; quota today: " + (units / 500 * 500) + "+ units";
    }

    @Override
    public String platform() {
        return ViewerMessage.YOUTUBE;
    }

    @Override
    public boolean canPost() {
        return false;
    }

    @Override
    public boolean post(String text) {
        return false;
    }

    @Override
    public void close() {
        closed = true;
        Future<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
