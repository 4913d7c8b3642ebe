package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.StreamerFloor;
import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Subscription;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.protocol.EventTypes;
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
        if (!(event.data().get("turn_id") instanceof String turn)) {
            return;
        }
        switch (event.type()) {
            case EventTypes.CHAT_MESSAGE, EventTypes.STT_TRANSCRIPT -> {
                if (!(event.data().get("origin") instanceof String origin) || !VIEWER_ORIGINS.contains(origin)) {
                    // A typed line with speak: false is over with her written reply; spoken ones wait for her speech.
                    floor.began(turn, !Boolean.FALSE.equals(event.data().get("speak")));
                }
            }
            case EventTypes.SPEECH_STARTED -> floor.speaking(turn);
            case EventTypes.CHAT_RESPONSE -> floor.replied(turn);
            case EventTypes.SPEECH_FINISHED -> {
                if (Boolean.TRUE.equals(event.data().get("turn_end"))) {
                    floor.ended(turn);
                }
            }
            case EventTypes.ERROR_OCCURRED -> floor.ended(turn);
            default -> { }
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
