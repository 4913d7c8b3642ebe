package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a client may send over {@code /ws}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientMessage.Chat.class, name = "chat"),
    @JsonSubTypes.Type(value = ClientMessage.VoiceStart.class, name = "voice.start"),
    @JsonSubTypes.Type(value = ClientMessage.VoiceStop.class, name = "voice.stop"),
    @JsonSubTypes.Type(value = ClientMessage.Listen.class, name = "listen"),
    @JsonSubTypes.Type(value = ClientMessage.Unlisten.class, name = "unlisten"),
})
public sealed interface ClientMessage {

    /** Replace the session's topic patterns ({@code chat.*}, {@code training.progress}, {@code *}). */
    record Subscribe(List<String> topics) implements ClientMessage {}

    record Ping() implements ClientMessage {}

    record Chat(String message, @Nullable Long characterId, @Nullable Boolean speak) implements ClientMessage {}

    /**
     * Starts talking by voice: binary microphone frames follow (see {@link VoiceFrames}).
     * {@code characterId} null: the active character; {@code bargeIn} null: the configured default.
     */
    record VoiceStart(@Nullable Long characterId, @Nullable Boolean bargeIn) implements ClientMessage {}

    /** Ends the voice session: a reply being spoken is stopped. */
    record VoiceStop() implements ClientMessage {}

    /**
     * Hear her: every utterance's audio follows as binary {@link VoiceFrames}, while the
     * {@code VOICE_PLAYBACK} setting includes this role ({@code overlay} or {@code desktop}).
     */
    record Listen(@Nullable String as) implements ClientMessage {}

    /** Stop hearing her. */
    record Unlisten() implements ClientMessage {}
}
