package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.StreamerFloor;
import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Subscription;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.ChatMessage;
import dev.vtubermiku.protocol.event.ChatReplied;
import dev.vtubermiku.protocol.event.ErrorOccurred;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.protocol.event.SpeechFinished;
import dev.vtubermiku.protocol.event.SpeechStarted;
import dev.vtubermiku.protocol.event.SttTranscript;
import java.util.List;
import java.util.Set;

/**
 * Keeps the {@link StreamerFloor} up to date from the event bus: a streamer's turn begins with its
 * {@code chat.message} (typed, origin http/ws) or {@code stt.transcript} (spoken), and ends with her
 * reply ({@code chat.response}), her speech for it ({@code speech.finished} with {@code turn_end}) or
 * its failure ({@code error.occurred}). Viewers' own turns (origin twitch/youtube) are not the streamer's.
 */
final class StreamerWatch implements AutoCloseable {

    static final Set<String> VIEWER_ORIGINS = Set.of("twitch", "youtube");

    private final Subscription subscription;

    StreamerWatch(EventBus bus, StreamerFloor floor, Runnable changed) {
        TopicFilter topics = new TopicFilter(List.of(EventTypes.CHAT_MESSAGE, EventTypes.CHAT_RESPONSE, EventTypes.ERROR_OCCURRED,
                EventTypes.STT_TRANSCRIPT, EventTypes.SPEECH_STARTED, EventTypes.SPEECH_FINISHED));
        this.subscription = bus.listen("audience-floor", topics, 4096, event -> {
            on(event, floor);
            changed.run();
        });
    }

    static void on(Event event, StreamerFloor floor) {
        switch (event.type()) {
            case EventTypes.CHAT_MESSAGE -> {
                ChatMessage line = EventPayload.decode(event.data(), ChatMessage.class);
                if (!VIEWER_ORIGINS.contains(line.origin())) {
                    // A typed line with speak: false is over with her written reply; spoken ones wait for her speech.
                    floor.began(line.turnId(), line.speak());
                }
            }
            case EventTypes.STT_TRANSCRIPT -> {
                SttTranscript heard = EventPayload.decode(event.data(), SttTranscript.class);
                if (!VIEWER_ORIGINS.contains(heard.origin())) {
                    floor.began(heard.turnId(), true);
                }
            }
            case EventTypes.SPEECH_STARTED -> floor.speaking(EventPayload.decode(event.data(), SpeechStarted.class).turnId());
            case EventTypes.CHAT_RESPONSE -> floor.replied(EventPayload.decode(event.data(), ChatReplied.class).turnId());
            case EventTypes.SPEECH_FINISHED -> {
                SpeechFinished finished = EventPayload.decode(event.data(), SpeechFinished.class);
                if (finished.turnEnd()) {
                    floor.ended(finished.turnId());
                }
            }
            case EventTypes.ERROR_OCCURRED -> {
                String turn = EventPayload.decode(event.data(), ErrorOccurred.class).turnId();
                if (turn != null) { // a remote speech outage ends no turn
                    floor.ended(turn);
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
