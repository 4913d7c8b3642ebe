package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Replies to a client's own {@code /ws} message. They are not events (no id, not stored), so a
 * client tells them apart by {@code type}: {@code subscribed}, {@code pong}, {@code gap}, {@code error},
 * {@code voice.started}, {@code voice.stopped}, {@code listen.started}, {@code listen.stopped}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerReply(
        String type,
        @Nullable List<String> topics,
        @Nullable Long lastId,
        @Nullable Long missed,
        @Nullable Problem problem,
        @Nullable VoiceSessionInfo voice,
        @Nullable ListenInfo listen) {

    /**
     * A listener's registration.
     *
     * @param as its role: {@code overlay} or {@code desktop}
     * @param playback the {@code VOICE_PLAYBACK} setting now
     * @param hears whether that setting sends it her voice now (it may change at run time)
     */
    public record ListenInfo(String as, String playback, boolean hears) {}

    public static ServerReply listenStarted(ListenInfo listen) {
        return new ServerReply("listen.started", null, null, null, null, null, listen);
    }

    public static ServerReply listenStopped() {
        return new ServerReply("listen.stopped", null, null, null, null, null, null);
    }


    public static ServerReply subscribed(List<String> topics) {
        return new ServerReply("subscribed", topics, null, null, null, null, null);
    }

    public static ServerReply pong(long lastId) {
        return new ServerReply("pong", null, lastId, null, null, null, null);
    }

    /** Live log lines the client was too slow to take; stored events are never lost. */
    public static ServerReply gap(long missed) {
        return new ServerReply("gap", null, null, missed, null, null, null);
    }

    public static ServerReply error(Problem problem) {
        return new ServerReply("error", null, null, null, problem, null, null);
    }

    /** The voice session runs: send microphone frames now. */
    public static ServerReply voiceStarted(VoiceSessionInfo voice) {
        return new ServerReply("voice.started", null, null, null, null, voice, null);
    }

    public static ServerReply voiceStopped() {
        return new ServerReply("voice.stopped", null, null, null, null, null, null);
    }
}
