package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code audience.replied}: she answered a viewer. {@code spoken}: her reply was spoken
 * ({@code audio_url} where it was kept); {@code posted}: it was also posted in the viewer's chat.
 */
public record AudienceReplied(long queueId, String platform, String userName, String text, String reply, String turnId,
        long chatLogId, boolean spoken, @Nullable String audioUrl, boolean posted, long latencyMs) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.AUDIENCE_REPLIED;
    }
}
