package dev.vtubermiku.core.audience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The audience's moderation desk: every viewer message is filtered ({@link ViewerFilter}), scored and
 * kept in a bounded queue; {@link #next} hands out the one she answers next, when she may answer:
 * not on hold, not while another answer is under way, not within the cool-down after the last one,
 * and never while the streamer has the floor (the caller says whether they do). An entry the
 * streamer marked "answer now" goes first and ignores hold and cool-down, but still waits for the
 * streamer. Everything it holds is bounded; every method is quick and thread-safe.
 */
public final class AudienceDesk {

    private static final Pattern QUESTION_START = Pattern.compile(
            "^(?:@\\S+\\s+)?(?:what|why|how|who|whom|whose|when|where|which|can|could|do|does|did|is|are|was|were|will|would"
                    + "|should|shall|have|has|may|might)\\b");

    private final Clock clock;
    private final ViewerFilter filter = new ViewerFilter();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<QueuedMessage> queue = new ArrayList<>();
    private AudienceRules rules;
    private final Set<String> blocked = new HashSet<>();
    private long nextId = 1;
    private @Nullable QueuedMessage answering;
    private @Nullable Instant lastAnswerEnd;

    public AudienceDesk(Clock clock, AudienceRules rules) {
        this.clock = clock;
        this.rules = rules;
    }

    /** A message that left (or never entered) the queue, and why. */
    public record Dropped(ViewerMessage message, String text, SkipReason reason, String detail, @Nullable Long id) {}

    /** What happened to an offered message: queued (possibly crowding others out) or skipped. */
    public sealed interface Offer {
        record Queued(QueuedMessage entry, List<Dropped> crowdedOut) implements Offer {}

        record Skipped(Dropped dropped) implements Offer {}
    }

    /** The queue as it is now, best first, with the state of the desk. */
    public record Snapshot(List<QueuedMessage> queue, @Nullable QueuedMessage answering, boolean hold,
            Duration cooldownLeft, int capacity) {}

    /**
     * Filters and queues one message. {@code herName} is the active character's name (a message that
     * names her goes first).
     */
    public Offer offer(ViewerMessage message, String herName) {
        Instant now = clock.instant();
        lock.lock();
        try {
            AudienceRules r = rulesNow();
            ViewerFilter.Verdict verdict = filter.check(message, r, now);
            if (!verdict.passed()) {
                return new Offer.Skipped(new Dropped(message, verdict.text(), verdict.skip().orElseThrow(), verdict.detail(), null));
            }
            QueuedMessage entry = score(nextId++, message, verdict.text(), herName, r.weights());
            List<Dropped> out = new ArrayList<>();
            if (queue.size() >= r.queueSize()) {
                QueuedMessage worst = worst();
                if (worst == null || QueuedMessage.rank(entry, worst) >= 0) {
                    return new Offer.Skipped(new Dropped(message, entry.text(), SkipReason.QUEUE_FULL,
                            "the queue is full of messages that go first", null));
                }
                queue.remove(worst);
                out.add(dropped(worst, SkipReason.QUEUE_FULL, "crowded out by a message that goes first"));
            }
            queue.add(entry);
            return new Offer.Queued(entry, out);
        } finally {
            lock.unlock();
        }
    }

    /** Removes the messages older than the maximum age. */
    public List<Dropped> expire() {
        Instant oldest = clock.instant().minus(rules().maxAge());
        return removeIf(e -> e.receivedAt().isBefore(oldest), SkipReason.TOO_OLD, "waited longer than " + rules().maxAge().toSeconds() + " s");
    }

    /**
     * The message to answer now, taken off the queue and marked as being answered; empty when she
     * must not start one (see the class comment) or none waits.
     */
    public Optional<QueuedMessage> next(boolean streamerHasFloor) {
        Instant now = clock.instant();
        lock.lock();
        try {
            if (streamerHasFloor || answering != null || queue.isEmpty()) {
                return Optional.empty();
            }
            QueuedMessage best = queue.stream().min(QueuedMessage::rank).orElseThrow();
            boolean free = !rules.hold() && cooldownLeft(now).isZero();
            if (!best.answerNow() && !free) {
                return Optional.empty();
            }
            queue.remove(best);
            answering = best;
            return Optional.of(best);
        } finally {
            lock.unlock();
        }
    }

    /** The answer under way is over (spoken, refused or failed): the cool-down starts now. */
    public void answered() {
        lock.lock();
        try {
            answering = null;
            lastAnswerEnd = clock.instant();
        } finally {
            lock.unlock();
        }
    }

    /** The answer under way was given up before she said anything (the streamer came first): it waits again. */
    public void putBack(QueuedMessage entry) {
        lock.lock();
        try {
            answering = null;
            if (queue.size() < rules.queueSize()) {
                queue.add(entry);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks a queued message to be answered next. */
    public Optional<QueuedMessage> answerNow(long id) {
        lock.lock();
        try {
            for (int i = 0; i < queue.size(); i++) {
                if (queue.get(i).id() == id) {
                    QueuedMessage forced = queue.get(i).forced();
                    queue.set(i, forced);
                    return Optional.of(forced);
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Takes a message off the queue by hand. */
    public Optional<Dropped> skip(long id) {
        List<Dropped> out = removeIf(e -> e.id() == id, SkipReason.SKIPPED, "skipped by the streamer");
        return out.stream().findFirst();
    }

    /**
     * Blocks a viewer from now on ({@code platform:user-id}, or a lower-case name) and drops what they
     * have queued; returns the dropped messages.
     */
    public List<Dropped> block(String userKey) {
        String key = userKey.strip().toLowerCase(Locale.ROOT);
        lock.lock();
        try {
            blocked.add(key);
        } finally {
            lock.unlock();
        }
        return removeIf(e -> ViewerFilter.userKey(e.message()).equals(key)
                || e.message().userName().strip().toLowerCase(Locale.ROOT).equals(key), SkipReason.BLOCKED_USER, "the viewer was blocked");
    }

    /** The viewers blocked by hand since the start (besides AUDIENCE_BLOCKED_USERS). */
    public Set<String> blockedByHand() {
        lock.lock();
        try {
            return Set.copyOf(blocked);
        } finally {
            lock.unlock();
        }
    }

    public void hold(boolean on) {
        lock.lock();
        try {
            rules = rules.withHold(on);
        } finally {
            lock.unlock();
        }
    }

    /** New settings (configuration changed); a smaller queue drops its lowest entries. */
    public List<Dropped> rules(AudienceRules changed) {
        lock.lock();
        try {
            rules = changed;
            List<Dropped> out = new ArrayList<>();
            while (queue.size() > changed.queueSize()) {
                QueuedMessage worst = worst();
                queue.remove(worst);
                out.add(dropped(worst, SkipReason.QUEUE_FULL, "the queue was made smaller"));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public AudienceRules rules() {
        lock.lock();
        try {
            return rules;
        } finally {
            lock.unlock();
        }
    }

    public Snapshot snapshot() {
        Instant now = clock.instant();
        lock.lock();
        try {
            List<QueuedMessage> sorted = new ArrayList<>(queue);
            sorted.sort(QueuedMessage::rank);
            return new Snapshot(sorted, answering, rules.hold(), cooldownLeft(now), rules.queueSize());
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private AudienceRules rulesNow() {
        if (blocked.isEmpty()) {
            return rules;
        }
        Set<String> all = new HashSet<>(rules.blockedUsers());
        all.addAll(blocked);
        return rules.withBlockedUsers(all);
    }

    private Duration cooldownLeft(Instant now) {
        if (lastAnswerEnd == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, lastAnswerEnd.plus(rules.cooldown()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private @Nullable QueuedMessage worst() {
        return queue.stream().max(QueuedMessage::rank).orElse(null);
    }

    private List<Dropped> removeIf(Predicate<QueuedMessage> which, SkipReason reason, String detail) {
        lock.lock();
        try {
            List<Dropped> out = new ArrayList<>();
            queue.removeIf(e -> {
                if (which.test(e)) {
                    out.add(dropped(e, reason, detail));
                    return true;
                }
                return false;
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    private static Dropped dropped(QueuedMessage e, SkipReason reason, String detail) {
        return new Dropped(e.message(), e.text(), reason, detail, e.id());
    }

    /** Scores a message that passed the filters: 1, plus the weight of each reason it is there. */
    static QueuedMessage score(long id, ViewerMessage m, String text, String herName, PriorityWeights w) {
        String folded = ViewerText.fold(text);
        List<String> why = new ArrayList<>();
        double score = 1;
        boolean mention = names(folded, herName);
        if (mention) {
            score += w.mention();
            why.add("names her");
        }
        boolean question = folded.contains("?") || QUESTION_START.matcher(folded).find();
        if (question) {
            score += w.question();
            why.add("asks a question");
        }
        if (m.bits() > 0) {
            score += w.bits();
            why.add("cheered " + m.bits() + (ViewerMessage.TWITCH.equals(m.platform()) ? " bits" : " (Super Chat)"));
        }
        if (m.badges().contains(ViewerMessage.Badge.SUBSCRIBER)) {
            score += w.subscriber();
            why.add("subscriber");
        }
        if (m.firstTime()) {
            score += w.firstTime();
            why.add("first-time chatter");
        }
        if (m.badges().contains(ViewerMessage.Badge.VIP)) {
            score += w.vip();
            why.add("VIP");
        }
        if (m.badges().contains(ViewerMessage.Badge.MODERATOR) || m.badges().contains(ViewerMessage.Badge.BROADCASTER)) {
            score += w.moderator();
            why.add("moderator");
        }
        if (why.isEmpty()) {
            why.add("chat");
        }
        return new QueuedMessage(id, m, text, score, why, mention, question, false);
    }

    /** Her name as matched: the whole name and its first word, as padded words ({@code " miku "}); cached per name. */
    private record NameForms(String name, String whole, @Nullable String first) {
        static NameForms of(String herName) {
            String spaced = Blocklist.spaced(ViewerText.fold(ViewerText.clean(herName)));
            String first = spaced.isEmpty() ? "" : spaced.split(" ")[0];
            return new NameForms(herName, spaced.isEmpty() ? "" : " " + spaced + " ", first.length() >= 3 ? " " + first + " " : null);
        }
    }

    private static volatile NameForms lastName = NameForms.of("");

    /** Whether the folded text names her: her name (or its first word, 3+ letters) as a word, with or without @. */
    static boolean names(String folded, String herName) {
        NameForms forms = lastName;
        if (!forms.name().equals(herName)) {
            forms = NameForms.of(herName);
            lastName = forms;
        }
        if (forms.whole().isEmpty()) {
            return false;
        }
        String padded = " " + Blocklist.spaced(folded) + " ";
        return padded.contains(forms.whole()) || (forms.first() != null && padded.contains(forms.first()));
    }
}
