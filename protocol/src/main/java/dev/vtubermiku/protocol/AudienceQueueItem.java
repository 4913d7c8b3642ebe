package dev.vtubermiku.protocol;

import java.util.List;

/**
 * A viewer's message waiting in the audience queue, with why it is there: {@code why} lists the
 * reasons ("names her", "asks a question", "cheered 100 bits", "subscriber", "first-time chatter"),
 * {@code score} their sum (higher first; the oldest of equal scores first). {@code user} is the
 * viewer as {@code POST /api/audience/block} takes it.
 */
public record AudienceQueueItem(long id, String platform, String user, String userName, String text, double score,
        List<String> why, boolean answerNow, int bits, boolean firstTime, List<String> badges, String receivedAt,
        long ageMs) {

    public AudienceQueueItem {
        why = List.copyOf(why);
        badges = List.copyOf(badges);
    }
}
