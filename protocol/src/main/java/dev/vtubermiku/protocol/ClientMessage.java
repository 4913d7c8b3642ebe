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
})
public sealed interface ClientMessage {

    /** Replace the session's topic patterns ({@code chat.*}, {@code training.progress}, {@code *}). */
    record Subscribe(List<String> topics) implements ClientMessage {}

    record Ping() implements ClientMessage {}

    record Chat(String message, @Nullable Long characterId, @Nullable Boolean speak) implements ClientMessage {}
}
