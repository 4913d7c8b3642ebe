package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import java.util.List;

/**
 * {@code audience.selected}: she starts answering this viewer's message; {@code waited_ms} since it
 * arrived, {@code answer_now} when the streamer picked it by hand. Her reply follows as the usual
 * {@code chat.*} (and speech) events of {@code turn_id}.
 */
public record AudienceSelected(long queueId, String platform, String userName, String text, double score, List<String> why,
        long waitedMs, boolean answerNow, String turnId) implements EventPayload {

    public AudienceSelected {
        why = List.copyOf(why);
    }

    @Override
    public String eventType() {
        return EventTypes.AUDIENCE_SELECTED;
    }
}
