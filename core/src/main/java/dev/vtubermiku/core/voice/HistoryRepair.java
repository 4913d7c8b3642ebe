package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.chat.ChatHistory;
import dev.vtubermiku.core.chat.ChatReply;
import dev.vtubermiku.core.chat.Exchange;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the history true to what the streamer heard after she was interrupted: the stored reply
 * becomes the words that had played, marked interrupted, so that the next prompt does not claim she
 * said what was cut. Writes run on the loop's executor, off the session lock.
 */
final class HistoryRepair {

    private static final Logger log = LoggerFactory.getLogger(HistoryRepair.class);

    private final ChatHistory history;
    private final Executor work;
    private final VoiceClock clock;

    HistoryRepair(ChatHistory history, Executor work, VoiceClock clock) {
        this.history = history;
        this.work = work;
        this.clock = clock;
    }

    /** The reply was stored in full before she was cut off: it becomes what was heard. */
    void heard(String turnId, long exchangeId, String heard) {
        write(turnId, () -> history.markInterrupted(exchangeId, heard));
    }

    /**
     * She was cut off while the reply still streamed, and the chat turn is now over: {@code reply}
     * when it was stored all the same, null when the cut cancelled it (then the exchange is stored
     * here, as far as it was heard).
     */
    void heard(String turnId, long characterId, String userText, @Nullable ChatReply reply, String heard) {
        write(turnId, () -> {
            if (reply != null) {
                history.markInterrupted(reply.chatLogId(), heard);
            } else {
                Exchange stored = history.record(characterId, userText, heard, null, null, clock.instant());
                history.markInterrupted(stored.id(), heard);
            }
        });
    }

    private void write(String turnId, Runnable write) {
        work.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.warn("Voice turn {}: the interrupted reply could not be stored", turnId, e);
            }
        });
    }
}
