package dev.vtubermiku.server.audience;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.vtubermiku.core.audience.ChatPoster;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessageSink;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.server.audience.twitch.TwitchConnector;
import dev.vtubermiku.server.audience.youtube.YouTubeConnector;
import dev.vtubermiku.server.audience.youtube.YouTubeQuota;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Her ears in the live chats: starts the connectors the settings ask for (Twitch when TWITCH_CHANNEL
 * is set, YouTube when YOUTUBE_API_KEY and YOUTUBE_VIDEO_ID are), delivers what they read to one
 * sink, hands out one poster per platform, and restarts a connector when its keys change at run
 * time (POST /api/config). Each connector reports as its service ({@code twitch}, {@code youtube})
 * while it is configured; removing its keys removes it from status.
 */
public final class ChatConnectors implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatConnectors.class);

    /** What status and the audience API show about one platform's connection. */
    public record Connection(String platform, boolean configured, String state, String detail, @Nullable Long quotaUnitsToday) {}

    private final Supplier<Settings> settings;
    private final ServiceMonitor monitor;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final HttpTransport youtubeTransport;
    private final YouTubeQuota quota;
    private final ChatPoster twitchPoster = new Forwarding(ViewerMessage.TWITCH);
    private final ChatPoster youtubePoster = new Forwarding(ViewerMessage.YOUTUBE);
    /** Guards which connector may report: held only for a check and a record, never while a connector closes. */
    private final Object statusGate = new Object();
    private @Nullable ViewerMessageSink sink;
    private volatile @Nullable TwitchConnector twitch;
    private volatile TwitchConnector.@Nullable Options twitchOptions;
    private volatile @Nullable YouTubeConnector youtube;
    private volatile YouTubeConnector.@Nullable Options youtubeOptions;
    private volatile boolean closed;

    public ChatConnectors(Supplier<Settings> settings, ServiceMonitor monitor, Clock clock, ScheduledExecutorService scheduler) {
        this(settings, monitor, clock, scheduler, new NetHttpTransport());
    }

    /** The same, with the HTTP transport the YouTube client uses (tests: google-http-client's mock transport). */
    public ChatConnectors(Supplier<Settings> settings, ServiceMonitor monitor, Clock clock, ScheduledExecutorService scheduler,
            HttpTransport youtubeTransport) {
        this.settings = settings;
        this.monitor = monitor;
        this.clock = clock;
        this.scheduler = scheduler;
        this.youtubeTransport = youtubeTransport;
        this.quota = new YouTubeQuota(clock);
    }

    /** Starts the configured connectors, delivering to {@code sink} from now on (also after a restart). */
    public synchronized void start(ViewerMessageSink sink) {
        this.sink = sink;
        reconfigure(settings.get());
    }

    /** Starts, restarts or stops each connector whose keys differ from what it runs with. */
    public synchronized void reconfigure(Settings changed) {
        if (closed || sink == null) {
            return;
        }
        TwitchConnector.Options t = twitchOptions(changed);
        if (!Objects.equals(t, twitchOptions)) {
            stopTwitch();
            if (t != null) {
                twitchOptions = t;
                log.info("Starting Twitch chat for #{}", t.channel());
                twitch = new TwitchConnector(t, sink, recorder(ServiceId.TWITCH, t), clock);
                twitch.start();
            }
        }
        YouTubeConnector.Options y = youtubeOptions(changed);
        if (!Objects.equals(y, youtubeOptions)) {
            stopYouTube();
            if (y != null && y.apiKey().isEmpty()) {
                youtubeOptions = y;
                monitor.record(ServiceHealth.unavailable(ServiceId.YOUTUBE, "YOUTUBE_VIDEO_ID is set but YOUTUBE_API_KEY is not",
                        "set YOUTUBE_API_KEY (a YouTube Data API v3 key from the Google Cloud console)"));
            } else if (y != null) {
                youtubeOptions = y;
                log.info("Starting YouTube live chat for {}", y.video());
                youtube = new YouTubeConnector(y, youtubeTransport, sink, recorder(ServiceId.YOUTUBE, y), clock,
                        (delay, task) -> scheduler.schedule(() -> Thread.ofVirtual().name("youtube-chat").start(task),
                                delay.toMillis(), TimeUnit.MILLISECONDS), quota);
                youtube.start();
            }
        }
    }

    /** Status from a connector reaches the monitor only while that connector is the current one. */
    private Consumer<ServiceHealth> recorder(ServiceId service, Object options) {
        return health -> {
            synchronized (statusGate) {
                if (!closed && options.equals(service == ServiceId.TWITCH ? twitchOptions : youtubeOptions)) {
                    monitor.record(health);
                }
            }
        };
    }

    static TwitchConnector.@Nullable Options twitchOptions(Settings s) {
        String channel = s.get(ConfigKey.TWITCH_CHANNEL).trim();
        if (channel.isEmpty()) {
            return null;
        }
        return new TwitchConnector.Options(channel, s.get(ConfigKey.TWITCH_OAUTH_TOKEN), s.get(ConfigKey.TWITCH_IRC_URL).trim(),
                s.get(ConfigKey.TWITCH_AUTH_URL).trim());
    }

    static YouTubeConnector.@Nullable Options youtubeOptions(Settings s) {
        String key = s.get(ConfigKey.YOUTUBE_API_KEY).trim();
        String video = s.get(ConfigKey.YOUTUBE_VIDEO_ID).trim();
        if (video.isEmpty()) {
            return null;
        }
        return new YouTubeConnector.Options(key, video); // no key: the connector says so in status
    }

    /** One poster per platform, the same objects for the backend's life: each reaches whichever connector runs now. */
    public List<ChatPoster> posters() {
        return List.of(twitchPoster, youtubePoster);
    }

    /** Both platforms' connections as status shows them, with the YouTube quota spent today. */
    public List<Connection> connections() {
        return List.of(connection(ServiceId.TWITCH, twitchOptions != null, null),
                connection(ServiceId.YOUTUBE, youtubeOptions != null, youtubeOptions == null ? null : quota.unitsToday()));
    }

    private Connection connection(ServiceId id, boolean configured, @Nullable Long units) {
        ServiceHealth health = monitor.get(id).health();
        return new Connection(id.wire(), configured, configured ? health.state().wire() : "off",
                configured ? health.detail() : "not configured", units);
    }

    private @Nullable ChatPoster current(String platform) {
        return platform.equals(ViewerMessage.TWITCH) ? twitch : youtube;
    }

    private void stopTwitch() {
        TwitchConnector running = twitch;
        twitch = null;
        stop(running == null ? null : running::close, ServiceId.TWITCH, () -> {
            boolean was = twitchOptions != null;
            twitchOptions = null;
            return was;
        });
    }

    private void stopYouTube() {
        YouTubeConnector running = youtube;
        youtube = null;
        stop(running == null ? null : running::close, ServiceId.YOUTUBE, () -> {
            boolean was = youtubeOptions != null;
            youtubeOptions = null;
            return was;
        });
    }

    /** Silences the running connector's status first (forgetting its options), closes it, then takes the service out of status. */
    private void stop(@Nullable Runnable close, ServiceId service, BooleanSupplier forgetOptions) {
        boolean configured;
        synchronized (statusGate) {
            configured = forgetOptions.getAsBoolean();
        }
        if (close != null) {
            close.run();
        }
        if (configured) {
            synchronized (statusGate) {
                monitor.forget(service);
            }
        }
    }

    @Override
    public synchronized void close() {
        stopTwitch();
        stopYouTube();
        closed = true;
    }

    /** A platform's poster that forwards to its connector of the moment. */
    private final class Forwarding implements ChatPoster {
        private final String platform;

        Forwarding(String platform) {
            this.platform = platform;
        }

        @Override
        public String platform() {
            return platform;
        }

        @Override
        public boolean canPost() {
            ChatPoster now = current(platform);
            return now != null && now.canPost();
        }

        @Override
        public boolean post(String text) {
            ChatPoster now = current(platform);
            return now != null && now.post(text);
        }
    }
}
