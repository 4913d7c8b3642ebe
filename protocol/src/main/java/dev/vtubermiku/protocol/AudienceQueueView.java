package dev.vtubermiku.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The audience queue now: {@code items} best first; {@code state} what she does next:
 * {@code ready} (answers the first item now), {@code empty}, {@code hold}, {@code streamer} (the
 * streamer has the floor), {@code answering} (see {@code answering}), {@code cooldown}
 * ({@code cooldown_left_ms} to go).
 */
public record AudienceQueueView(List<AudienceQueueItem> items, int capacity, boolean hold, String state,
        @Nullable AudienceQueueItem answering, long cooldownLeftMs, boolean streamerHasFloor, List<String> blocked) {

    public AudienceQueueView {
        items = List.copyOf(items);
        blocked = List.copyOf(blocked);
    }
}
