package dev.vtubermiku.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vtubermiku.core.speech.SpeechSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipPlannerTest {

    private final ClipPlanner planner = new ClipPlanner(ClipRules.DEFAULTS);

    private static float[] flat(double seconds) {
        float[] e = new float[(int) Math.round(seconds / 0.01)];
        java.util.Arrays.fill(e, 0.5f);
        return e;
    }

    @Test
    void keepsBreathsInsideAClipAndAddsEdgeSilence() {
        List<ClipSpan> clips = planner.plan(List.of(new SpeechSegment(1.0, 2.5), new SpeechSegment(2.8, 4.0)), 10, flat(10), 0.01);
        assertThat(clips).hasSize(1);
        assertThat(clips.getFirst().start()).isCloseTo(0.9, within(1e-9));
        assertThat(clips.getFirst().end()).isCloseTo(4.1, within(1e-9));
    }

    @Test
    void aShortFragmentJoinsItsNearerNeighbourOrIsDropped() {
        // jfk.wav's speech: "ask" at 3.4-3.7 is too short alone and nearer to the first sentence.
        List<ClipSpan> clips = planner.plan(List.of(new SpeechSegment(0.3, 2.2), new SpeechSegment(3.4, 3.7),
                new SpeechSegment(5.4, 7.6), new SpeechSegment(8.2, 10.5)), 11, flat(11), 0.01);
        assertThat(clips).extracting(ClipSpan::start).satisfiesExactly(s -> assertThat(s).isCloseTo(0.2, within(1e-9)),
                s -> assertThat(s).isCloseTo(5.3, within(1e-9)), s -> assertThat(s).isCloseTo(8.1, within(1e-9)));
        assertThat(clips.getFirst().end()).isCloseTo(3.8, within(1e-9));
        List<ClipSpan> alone = planner.plan(List.of(new SpeechSegment(1.0, 1.3), new SpeechSegment(6.0, 8.0)), 10, flat(10), 0.01);
        assertThat(alone).hasSize(1); // 0.3 s of speech 4.7 s away from anything: dropped
        assertThat(alone.getFirst().start()).isCloseTo(5.9, within(1e-9));
    }

    @Test
    void longSpeechIsSplitAtItsQuietestMomentIntoClipsOfAtMostFifteenSeconds() {
        float[] envelope = flat(40);
        envelope[1200] = 0.01f; // a pause at 12.005 s
        List<ClipSpan> clips = planner.plan(List.of(new SpeechSegment(0.5, 39.0)), 40, envelope, 0.01);
        assertThat(clips).allSatisfy(c -> assertThat(c.length()).isBetween(1.0, 15.0));
        assertThat(clips.getFirst().end()).isCloseTo(12.005, within(1e-6)); // cut at the pause: no silence to keep
        assertThat(clips.getLast().end()).isCloseTo(39.1, within(1e-9));
        // Clips do not overlap.
        for (int i = 1; i < clips.size(); i++) {
            assertThat(clips.get(i).start()).isGreaterThanOrEqualTo(clips.get(i - 1).end());
        }
    }

    @Test
    void nothingHeardIsNoClip() {
        assertThat(planner.plan(List.of(), 5, flat(5), 0.01)).isEmpty();
    }
}
