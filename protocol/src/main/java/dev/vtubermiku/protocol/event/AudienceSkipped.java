package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code audience.skipped}: a viewer's message she will not answer, and why ({@code reason}: empty,
 * too_long, blocked_user, blocked_word, link, bot, command, rate_limited, duplicate, queue_full,
 * too_old, skipped, unsafe_reply, answer_failed). {@code queue_id} is null when it was never queued.
 * Skips by a filter are live only; skips after it was queued are stored.
 */
public record AudienceSkipped(@Nullable Long queueId, String platform, String messageId, String userName, String text,
        String reason, String detail) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.AUDIENCE_SKIPPED;
    }
}
