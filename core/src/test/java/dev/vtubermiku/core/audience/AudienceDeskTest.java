package dev.vtubermiku.core.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AudienceDeskTest {

    private final TickingClock clock = new TickingClock();
    private final AtomicInteger ids = new AtomicInteger();
    private AudienceRules rules = new AudienceRules(Blocklist.of(List.of("badword")), Set.of("troll"),
            Set.of("nightbot"), 300, 3, PriorityWeights.DEFAULTS, Duration.ofSeconds(20), Duration.ofSeconds(60), 5, false, false);
    private final AudienceDesk desk = new AudienceDesk(clock, rules);

    private ViewerMessage msg(String user, String text) {
        return msg(user, text, Set.of(), 0, false);
    }

    private ViewerMessage msg(String user, String text, Set<ViewerMessage.Badge> badges, int bits, boolean first) {
        int n = ids.incrementAndGet();
        return new ViewerMessage("twitch", "m" + n, "id-" + user, user, badges, bits, first, text, clock.instant());
    }

    private SkipReason skipped(ViewerMessage m) {
        AudienceDesk.Offer offer = desk.offer(m, "Miku");
        assertThat(offer).isInstanceOf(AudienceDesk.Offer.Skipped.class);
        return ((AudienceDesk.Offer.Skipped) offer).dropped().reason();
    }

    private QueuedMessage queued(ViewerMessage m) {
        AudienceDesk.Offer offer = desk.offer(m, "Miku");
        assertThat(offer).as(m.text()).isInstanceOf(AudienceDesk.Offer.Queued.class);
        return ((AudienceDesk.Offer.Queued) offer).entry();
    }

    @Test
    void eachFilterSkipsWithItsReason() {
        assertThat(skipped(msg("a", "\u200B\u202E"))).isEqualTo(SkipReason.EMPTY);
        assertThat(skipped(msg("b", "x".repeat(500)))).isEqualTo(SkipReason.TOO_LONG);
        assertThat(skipped(msg("Troll", "hello"))).isEqualTo(SkipReason.BLOCKED_USER);
        assertThat(skipped(msg("NightBot", "hello"))).isEqualTo(SkipReason.BOT);
        assertThat(skipped(msg("c", "!uptime"))).isEqualTo(SkipReason.COMMAND);
        assertThat(skipped(msg("d", "look at https://evil.example/x"))).isEqualTo(SkipReason.LINK);
        assertThat(skipped(msg("e", "free stuff at scam.gg"))).isEqualTo(SkipReason.LINK);
        assertThat(skipped(msg("f", "ｂａｄｗｏｒｄ"))).isEqualTo(SkipReason.BLOCKED_WORD);
        assertThat(desk.size()).isZero();
    }

    @Test
    void aViewerWhoRepeatsOrFloodsIsSkipped() {
        queued(msg("g", "hello there"));
        assertThat(skipped(msg("g", "hello  there"))).isEqualTo(SkipReason.DUPLICATE);
        assertThat(skipped(msg("h", "HELLO THERE"))).as("copypasta").isEqualTo(SkipReason.DUPLICATE);
        queued(msg("g", "second"));
        assertThat(skipped(msg("g", "third"))).isEqualTo(SkipReason.RATE_LIMITED); // 3 a minute: two passed, one duplicate
        clock.advance(Duration.ofSeconds(61));
        queued(msg("g", "a minute later"));
    }

    @Test
    void mentionsAndQuestionsGoFirstThenWeightsThenAge() {
        QueuedMessage plain = queued(msg("p", "nice stream"));
        QueuedMessage sub = queued(msg("s", "love this song", Set.of(ViewerMessage.Badge.SUBSCRIBER), 0, false));
        QueuedMessage question = queued(msg("q", "what game is this?"));
        QueuedMessage mention = queued(msg("m", "@Miku you are great"));
        QueuedMessage bits = queued(msg("b", "cheer100 take my bits", Set.of(), 100, true));

        assertThat(mention.why()).containsExactly("names her");
        assertThat(question.why()).containsExactly("asks a question");
        assertThat(bits.why()).containsExactly("cheered 100 bits", "first-time chatter");
        assertThat(plain.why()).containsExactly("chat");
        assertThat(desk.snapshot().queue()).extracting(QueuedMessage::id)
                .containsExactly(mention.id(), question.id(), bits.id(), sub.id(), plain.id());
    }

    @Test
    void aFullQueueKeepsTheBestAndNeverGrows() {
        for (int i = 0; i < 5; i++) {
            queued(msg("u" + i, "plain line " + i));
        }
        assertThat(skipped(msg("late", "another plain line"))).isEqualTo(SkipReason.QUEUE_FULL);
        AudienceDesk.Offer offer = desk.offer(msg("asker", "miku how are you?"), "Miku");
        assertThat(offer).isInstanceOf(AudienceDesk.Offer.Queued.class);
        assertThat(((AudienceDesk.Offer.Queued) offer).crowdedOut()).singleElement()
                .satisfies(d -> assertThat(d.text()).isEqualTo("plain line 4")); // the newest of the lowest goes
        assertThat(desk.size()).isEqualTo(5);
    }

    @Test
    void cooldownHoldAndTheStreamerGateAnswers() {
        queued(msg("a", "first question?"));
        queued(msg("b", "second question?"));
        assertThat(desk.next(true)).as("the streamer has the floor").isEmpty();
        QueuedMessage first = desk.next(false).orElseThrow();
        assertThat(first.text()).isEqualTo("first question?");
        assertThat(desk.next(false)).as("one answer at a time").isEmpty();
        desk.answered();
        assertThat(desk.next(false)).as("cool-down").isEmpty();
        clock.advance(Duration.ofSeconds(21));
        desk.hold(true);
        assertThat(desk.next(false)).as("hold").isEmpty();
        desk.hold(false);
        assertThat(desk.next(false)).map(QueuedMessage::text).contains("second question?");
    }

    @Test
    void answerNowSkipsHoldAndCooldownButNotTheStreamer() {
        queued(msg("a", "a question?"));
        QueuedMessage plain = queued(msg("b", "just chatting"));
        desk.next(false);
        desk.answered();
        desk.hold(true);
        assertThat(desk.answerNow(plain.id())).isPresent();
        assertThat(desk.next(true)).isEmpty();
        assertThat(desk.next(false)).map(QueuedMessage::id).contains(plain.id());
        assertThat(desk.answerNow(9999)).isEmpty();
    }

    @Test
    void oldMessagesExpireAndSkipOrBlockRemoveThem() {
        QueuedMessage old = queued(msg("a", "early"));
        clock.advance(Duration.ofSeconds(30));
        QueuedMessage mid = queued(msg("b", "middle"));
        QueuedMessage troll = queued(msg("c", "meh"));
        queued(msg("c", "meh again"));
        clock.advance(Duration.ofSeconds(31));
        assertThat(desk.expire()).extracting(AudienceDesk.Dropped::id).containsExactly(old.id());
        assertThat(desk.skip(mid.id())).map(AudienceDesk.Dropped::reason).contains(SkipReason.SKIPPED);
        assertThat(desk.block("twitch:id-c")).hasSize(2).allSatisfy(d -> assertThat(d.reason()).isEqualTo(SkipReason.BLOCKED_USER));
        assertThat(desk.size()).isZero();
        assertThat(skipped(msg("c", "i am back"))).isEqualTo(SkipReason.BLOCKED_USER);
        assertThat(troll.id()).isPositive();
    }

    @Test
    void aMessageGivenUpForTheStreamerWaitsAgain() {
        QueuedMessage q = queued(msg("a", "miku?"));
        assertThat(desk.next(false)).isPresent();
        desk.putBack(q);
        assertThat(desk.next(false)).map(QueuedMessage::id).contains(q.id());
    }

    @Test
    void theFloorIsTheStreamersUntilTheirTurnEnds() {
        StreamerFloor floor = new StreamerFloor(clock);
        assertThat(floor.busy()).isFalse();
        floor.began("t1");
        assertThat(floor.busy()).isTrue();
        floor.replied("t1");
        assertThat(floor.busy()).as("grace for her speech to begin").isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(floor.busy()).isFalse();

        floor.began("t2");
        floor.speaking("t2");
        floor.replied("t2");
        clock.advance(Duration.ofSeconds(30));
        assertThat(floor.busy()).as("still speaking").isTrue();
        floor.ended("t2");
        assertThat(floor.busy()).isFalse();

        floor.began("typed", false);
        floor.replied("typed");
        assertThat(floor.busy()).as("a written reply ends the turn at once").isFalse();

        floor.began("lost");
        clock.advance(StreamerFloor.STALE.plusSeconds(1));
        assertThat(floor.busy()).as("a turn whose end never came").isFalse();
    }

    @Test
    void weightsAreConfigurableAndCheckedWhenRead() {
        PriorityWeights w = PriorityWeights.parse("bits=50, question=0");
        assertThat(w.bits()).isEqualTo(50);
        assertThat(w.question()).isZero();
        assertThat(w.mention()).isEqualTo(PriorityWeights.DEFAULTS.mention());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriorityWeights.parse("loudness=3"))
                .hasMessageContaining("loudness");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriorityWeights.parse("bits=lots"))
                .hasMessageContaining("number");
    }
}
