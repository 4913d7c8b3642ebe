package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.AudienceDesk;
import dev.vtubermiku.core.audience.QueuedMessage;
import dev.vtubermiku.core.audience.SkipReason;
import dev.vtubermiku.core.audience.ViewerFilter;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerText;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.AudienceQueueItem;
import dev.vtubermiku.protocol.event.AudienceMessage;
import dev.vtubermiku.protocol.event.AudienceReplied;
import dev.vtubermiku.protocol.event.AudienceSelected;
import dev.vtubermiku.protocol.event.AudienceSkipped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code audience.*} events. What a flood can produce many of (every message, every skip by a
 * filter, every message crowded out of a full queue) is published live only; what concerns a message
 * that was queued (its selection, her reply, a skip by hand, its expiry, an unsafe or failed reply)
 * is stored, bounded by the rate she answers at and the queue's size.
 */
final class AudienceEvents {

    /** Skips that may come at the rate of the chat itself: never stored. */
    static final Set<SkipReason> LIVE_ONLY = EnumSet.of(SkipReason.EMPTY, SkipReason.TOO_LONG, SkipReason.BLOCKED_USER,
            SkipReason.BLOCKED_WORD, SkipReason.LINK, SkipReason.BOT, SkipReason.COMMAND, SkipReason.RATE_LIMITED,
            SkipReason.DUPLICATE, SkipReason.QUEUE_FULL);

    private final EventBus bus;

    AudienceEvents(EventBus bus) {
        this.bus = bus;
    }

    void message(ViewerMessage m, String text, @Nullable QueuedMessage queued) {
        bus.publishLive(new AudienceMessage(m.platform(), m.messageId(), m.userId(), name(m), text, badges(m), m.bits(),
                m.firstTime(), m.receivedAt().toString(), queued == null ? null : queued.id(),
                queued == null ? List.of() : queued.why()), Severity.DEBUG, name(m) + " (" + m.platform() + "): " + preview(text));
    }

    void skipped(AudienceDesk.Dropped d, boolean store) {
        AudienceSkipped payload = new AudienceSkipped(d.id(), d.message().platform(), d.message().messageId(), name(d.message()),
                d.text(), d.reason().wire(), d.detail());
        String line = "Not answering " + name(d.message()) + ": " + d.detail();
        if (store && !LIVE_ONLY.contains(d.reason())) {
            bus.publish(payload, Severity.INFO, line);
        } else {
            bus.publishLive(payload, Severity.DEBUG, line);
        }
    }

    void selected(QueuedMessage e, String turnId, Instant now) {
        bus.publish(new AudienceSelected(e.id(), e.message().platform(), name(e.message()), e.text(), e.score(), e.why(),
                Math.max(0, Duration.between(e.receivedAt(), now).toMillis()), e.answerNow(), turnId), Severity.INFO,
                "Answering " + name(e.message()) + " (" + e.message().platform() + "): " + preview(e.text()));
    }

    void replied(QueuedMessage e, String turnId, String reply, long chatLogId, @Nullable String audioUrl, boolean posted,
            long latencyMs) {
        bus.publish(new AudienceReplied(e.id(), e.message().platform(), name(e.message()), e.text(), reply, turnId, chatLogId,
                audioUrl != null, audioUrl, posted, latencyMs), Severity.INFO, "Answered " + name(e.message()) + ": " + preview(reply));
    }

    static AudienceQueueItem item(QueuedMessage e, Instant now) {
        ViewerMessage m = e.message();
        return new AudienceQueueItem(e.id(), m.platform(), ViewerFilter.userKey(m), name(m), e.text(), e.score(), e.why(),
                e.answerNow(), m.bits(), m.firstTime(), badges(m), m.receivedAt().toString(),
                Math.max(0, Duration.between(m.receivedAt(), now).toMillis()));
    }

    static String name(ViewerMessage m) {
        return ViewerText.safeName(m.userName());
    }

    private static List<String> badges(ViewerMessage m) {
        return m.badges().stream().map(b -> b.name().toLowerCase(Locale.ROOT)).sorted().toList();
    }

    private static String preview(String text) {
        return text.length() <= 120 ? text : text.substring(0, 119) + "…";
    }
}
