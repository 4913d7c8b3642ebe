package dev.vtubermiku.core.audience;

import java.time.Instant;
import java.util.List;

/**
 * A viewer's message waiting for her answer.
 *
 * @param id        this backend's id of the entry (the API's {@code /api/audience/queue/{id}})
 * @param message   the message as the connector delivered it
 * @param text      the cleaned text (what she will read)
 * @param score     its priority: 1 plus the weight of every reason it is there
 * @param why       the reasons, in words ("names her", "asks a question", "cheered 100 bits", ...)
 * @param mention   it names her
 * @param question  it asks a question
 * @param answerNow the streamer asked for it to be answered next
 */
public record QueuedMessage(long id, ViewerMessage message, String text, double score, List<String> why, boolean mention,
        boolean question, boolean answerNow) {

    public QueuedMessage {
        why = List.copyOf(why);
    }

    public Instant receivedAt() {
        return message.receivedAt();
    }

    QueuedMessage forced() {
        return new QueuedMessage(id, message, text, score, why, mention, question, true);
    }

    /** Higher first: answer-now, then score, then the oldest (then the first queued). */
    static int rank(QueuedMessage a, QueuedMessage b) {
        if (a.answerNow != b.answerNow) {
            return a.answerNow ? -1 : 1;
        }
        int byScore = Double.compare(b.score, a.score);
        if (byScore != 0) {
            return byScore;
        }
        int byAge = a.receivedAt().compareTo(b.receivedAt());
        return byAge != 0 ? byAge : Long.compare(a.id, b.id);
    }
}
