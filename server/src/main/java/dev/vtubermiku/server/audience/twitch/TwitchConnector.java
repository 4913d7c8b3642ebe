package dev.vtubermiku.server.audience.twitch;

import com.github.philippheuer.credentialmanager.CredentialManager;
import com.github.philippheuer.credentialmanager.CredentialManagerBuilder;
import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import com.github.twitch4j.auth.providers.TwitchIdentityProvider;
import com.github.twitch4j.chat.TwitchChat;
import com.github.twitch4j.chat.TwitchChatBuilder;
import com.github.twitch4j.chat.events.ChatConnectionStateEvent;
import com.github.twitch4j.chat.events.channel.IRCMessageEvent;
import com.github.twitch4j.client.websocket.domain.WebsocketConnectionState;
import com.github.twitch4j.common.util.ExponentialBackoffStrategy;
import dev.vtubermiku.core.audience.ChatPoster;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessageSink;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.server.config.ConfigKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Twitch channel's chat, read through Twitch4J: anonymously as {@code justinfan…}, or logged in
 * with the streamer's token (validated first at TWITCH_AUTH_URL) so that she can also post. Twitch4J
 * reconnects by itself (after a dropped socket and after Twitch's RECONNECT); every change of the
 * connection is reported as service {@code twitch}. The token is sent only to Twitch's own chat host
 * or to a loopback address, and is never logged.
 */
public final class TwitchConnector implements ChatPoster, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TwitchConnector.class);
    private static final ServiceId SERVICE = ServiceId.TWITCH;

    /**
     * @param channel  the channel's login name, without '#'
     * @param token    the user access token without its {@code oauth:} prefix, or null to read anonymously
     * @param ircUrl   the IRC WebSocket (ws:// or wss://)
     * @param authUrl  Twitch's OAuth base, where the token is validated
     */
    public record Options(String channel, @Nullable String token, String ircUrl, String authUrl) {
        public Options {
            channel = channel.trim().toLowerCase(Locale.ROOT).replaceFirst("^#", "");
            token = token == null || token.isBlank() ? null : token.trim().replaceFirst("^oauth:", "");
        }

        @Override
        public String toString() { // the token stays out of every log line and message
            return "Options[channel=" + channel + ", token=" + (token == null ? "none" : "(secret)") + ", ircUrl=" + ircUrl
                    + ", authUrl=" + authUrl + "]";
        }
    }

    private final Options options;
    private final ViewerMessageSink sink;
    private final Consumer<ServiceHealth> status;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private volatile @Nullable TwitchChat chat;
    /** Her login when the token was accepted with chat:edit; null while she can only read. */
    private volatile @Nullable String poster;
    /** Why she reads anonymously although a token is set; null when not the case. */
    private volatile @Nullable String readOnlyReason;
    private volatile boolean connected;
    private volatile boolean closed;

    public TwitchConnector(Options options, ViewerMessageSink sink, Consumer<ServiceHealth> status, Clock clock) {
        this.options = options;
        this.sink = sink;
        this.status = status;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(TwitchChat.REQUIRED_THREAD_COUNT,
                Thread.ofPlatform().name("twitch-chat-", 0).daemon().factory());
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Connects in the background (validating the token first); returns at once. */
    public void start() {
        status.accept(new ServiceHealth(SERVICE, ServiceState.STARTING,
                "connecting to #" + options.channel(), null));
        executor.execute(this::connect);
    }

    private void connect() {
        try {
            TwitchIdentityProvider identity = new TwitchIdentityProvider(null, null, null, options.authUrl());
            OAuth2Credential account = options.token() == null ? null : account(identity, options.token());
            boolean trustedHost = trustedHost(options.ircUrl());
            if (account != null && !trustedHost) {
                readOnlyReason = "TWITCH_IRC_URL is not Twitch's chat host, so the token is kept back";
                account = null;
            }
            if (closed) {
                return;
            }
            // Twitch4J validates the token once more itself: at TWITCH_AUTH_URL too, not at a built-in host.
            CredentialManager credentials = CredentialManagerBuilder.builder().build();
            credentials.registerIdentityProvider(identity);
            TwitchChat created = TwitchChatBuilder.builder()
                    .withBaseUrl(options.ircUrl())
                    .withChatAccount(account)
                    .withCredentialManager(credentials)
                    .withSendCredentialToThirdPartyHost(trustedHost)
                    .withScheduledThreadPoolExecutor(executor)
                    .withAutoJoinOwnChannel(false)
                    .withEnableMembershipEvents(false)
                    .withConnectionBackoffStrategy(ExponentialBackoffStrategy.builder()
                            .baseMillis(500).initialJitterRange(500).maximumBackoff(Duration.ofSeconds(60).toMillis()).build())
                    .build();
            created.getEventManager().onEvent(ChatConnectionStateEvent.class, this::onState);
            created.getEventManager().onEvent(IRCMessageEvent.class, this::onIrc);
            chat = created;
            if (closed) { // closed while the token was being checked: close() found no chat to close
                created.close();
                created.getEventManager().close();
                return;
            }
            created.joinChannel(options.channel());
            if (created.getConnectionState() == com.github.twitch4j.chat.enums.TMIConnectionState.CONNECTED) {
                onConnected();
            }
        } catch (RuntimeException e) {
            log.warn("Twitch chat could not start ({})", e.getClass().getSimpleName());
            status.accept(ServiceHealth.unavailable(SERVICE, "could not start Twitch chat (" + e.getClass().getSimpleName() + ")",
                    "check TWITCH_IRC_URL and the log"));
        }
    }

    /** The token's user and scopes from Twitch, or null (with the reason kept) when it cannot be used to post. */
    private @Nullable OAuth2Credential account(TwitchIdentityProvider identity, String token) {
        OAuth2Credential given = new OAuth2Credential(TwitchIdentityProvider.PROVIDER_NAME, token);
        Optional<Boolean> valid = identity.isCredentialValid(given);
        if (valid.isEmpty()) {
            readOnlyReason = "could not reach " + options.authUrl() + " to check the token";
            return null;
        }
        if (!valid.get()) {
            readOnlyReason = "Twitch rejected TWITCH_OAUTH_TOKEN (expired or revoked)";
            return null;
        }
        Optional<OAuth2Credential> info = identity.getAdditionalCredentialInformation(given);
        if (info.isEmpty() || info.get().getUserName() == null || info.get().getUserId() == null) {
            readOnlyReason = "TWITCH_OAUTH_TOKEN is not a user access token";
            return null;
        }
        List<String> scopes = info.get().getScopes();
        if (!scopes.contains("chat:read")) {
            readOnlyReason = "TWITCH_OAUTH_TOKEN lacks the chat:read scope";
            return null;
        }
        if (scopes.contains("chat:edit")) {
            poster = info.get().getUserName().toLowerCase(Locale.ROOT);
        } else {
            readOnlyReason = "TWITCH_OAUTH_TOKEN lacks the chat:edit scope";
        }
        return new OAuth2Credential(TwitchIdentityProvider.PROVIDER_NAME, token, null, info.get().getUserId(),
                info.get().getUserName(), null, scopes);
    }

    private void onState(ChatConnectionStateEvent event) {
        if (closed) {
            return;
        }
        WebsocketConnectionState state = event.getState();
        switch (state) {
            case CONNECTED -> onConnected();
            case CONNECTING -> {
                connected = false;
                status.accept(new ServiceHealth(SERVICE, ServiceState.STARTING,
                        "connecting to #" + options.channel(), null));
            }
            case LOST, RECONNECTING -> {
                connected = false;
                log.info("Twitch chat connection lost; reconnecting");
                status.accept(ServiceHealth.unavailable(SERVICE, "connection to Twitch chat lost; reconnecting",
                        "it reconnects by itself; check the network if this lasts"));
            }
            default -> connected = false;
        }
    }

    private void onConnected() {
        connected = true;
        String who = poster;
        String reason = readOnlyReason;
        if (who != null) {
            status.accept(ServiceHealth.ok(SERVICE, "reading #" + options.channel() + " and posting as " + who));
        } else if (reason != null) {
            status.accept(ServiceHealth.degraded(SERVICE, "reading #" + options.channel() + " anonymously: " + reason,
                    "set a valid TWITCH_OAUTH_TOKEN with chat:read and chat:edit for her to post"));
        } else {
            status.accept(ServiceHealth.ok(SERVICE, "reading #" + options.channel() + " anonymously (no token: she does not post)"));
        }
    }

    private void onIrc(IRCMessageEvent event) {
        if (closed || !"PRIVMSG".equals(event.getCommandType())) {
            if ("NOTICE".equals(event.getCommandType()) && event.getMessage().filter(m -> m.contains("Login authentication failed")).isPresent()) {
                poster = null;
                readOnlyReason = "Twitch chat refused the login";
                status.accept(ServiceHealth.unavailable(SERVICE, "Twitch chat refused the login with TWITCH_OAUTH_TOKEN",
                        "renew the token (chat:read chat:edit), or clear it to read anonymously"));
            }
            return;
        }
        if (!options.channel().equalsIgnoreCase(event.getChannelName().orElse(""))) {
            return;
        }
        String text = event.getMessage().orElse("");
        String login = event.getUserName() == null ? "" : event.getUserName();
        try {
            ViewerMessage message = TwitchMessages.normalise(event::getTagValue, login, text, clock.instant());
            sink.accept(message);
        } catch (RuntimeException e) {
            log.warn("A Twitch chat message could not be delivered ({})", e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String platform() {
        return ViewerMessage.TWITCH;
    }

    @Override
    public boolean canPost() {
        return !closed && connected && poster != null && chat != null;
    }

    @Override
    public boolean post(String text) {
        TwitchChat current = chat;
        if (!canPost() || current == null) {
            return false;
        }
        String line = chatLine(text);
        return !line.isEmpty() && current.sendMessage(options.channel(), line);
    }

    /** One line of at most 500 characters: no line break or control character can smuggle in an IRC command. */
    static String chatLine(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").strip();
        if (line.length() > TwitchMessages.MAX_CHARS) {
            int end = TwitchMessages.MAX_CHARS;
            if (Character.isHighSurrogate(line.charAt(end - 1))) {
                end--;
            }
            line = line.substring(0, end);
        }
        return line;
    }

    /** Twitch's own chat host, or this machine (the tests' fake): the only places the token goes. */
    static boolean trustedHost(String ircUrl) {
        try {
            String host = URI.create(ircUrl.trim()).getHost();
            return host != null && (host.equalsIgnoreCase("irc-ws.chat.twitch.tv")
                    || ConfigKey.isLoopback(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        TwitchChat current = chat;
        if (current != null) {
            try {
                current.close();
                current.getEventManager().close();
            } catch (RuntimeException e) {
                log.debug("Closing Twitch chat: {}", e.toString());
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
