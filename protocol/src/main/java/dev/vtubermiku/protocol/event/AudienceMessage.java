package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code audience.message}: a viewer's chat line arrived (live only, never stored: a raid brings
 * hundreds a second). {@code text} is the cleaned text; {@code queue_id} is set when it was queued
 * for her to answer (with {@code why}), null when a filter skipped it (an {@code audience.skipped}
 * follows with the reason).
 */
public record AudienceMessage(String platform, String messageId, String userId, String userName, String text,
        List<String> badges, int bits, boolean firstTime, String receivedAt, @Nullable Long queueId, List<String> why)
        implements EventPayload {

    public AudienceMessage {
        badges = List.copyOf(badges);
        why = List.copyOf(why);
    }

    @Override
    public String eventType() {
        return EventTypes.AUDIENCE_MESSAGE;
    }
}
