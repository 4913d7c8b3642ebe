package dev.vtubermiku.core.training;

import dev.vtubermiku.core.speech.SpeechSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the speech a voice detector found into training clips of {@link ClipRules#minSeconds()} to
 * {@link ClipRules#maxSeconds()}: pauses shorter than a breath are kept inside a clip, speech too long
 * for one clip is split at its quietest moment, fragments too short to learn from join their nearer
 * neighbour (or are dropped), and each clip keeps a little silence at its edges.
 */
public final class ClipPlanner {

    private final ClipRules rules;

    public ClipPlanner(ClipRules rules) {
        this.rules = rules;
    }

    /**
     * @param speech the detector's segments
     * @param totalSeconds the recording's length
     * @param envelope loudness per frame of the recording (RMS), used to find where long speech pauses
     * @param frameSeconds how long each envelope frame is
     */
    public List<ClipSpan> plan(List<SpeechSegment> speech, double totalSeconds, float[] envelope, double frameSeconds) {
        double maxSpeech = rules.maxSeconds() - 2 * rules.keepSeconds();
        double minSpeech = Math.max(0.05, rules.minSeconds() - 2 * rules.keepSeconds());
        List<double[]> pieces = new ArrayList<>();
        speech.stream().sorted(Comparator.comparingDouble(SpeechSegment::start)).forEach(s -> {
            double start = Math.max(0, s.start());
            double end = Math.min(totalSeconds, s.end());
            // The longest first: split a piece longer than a clip may be at its quietest frame.
            double cutBefore = 0; // 1: this piece starts where a split cut, and must not be merged back
            while (end - start > maxSpeech) {
                double cut = quietest(envelope, frameSeconds, start + minSpeech, start + maxSpeech);
                pieces.add(new double[] {start, cut, cutBefore});
                start = cut;
                cutBefore = 1;
            }
            if (end > start) {
                pieces.add(new double[] {start, end, cutBefore});
            }
        });
        List<double[]> groups = new ArrayList<>();
        for (double[] p : pieces) {
            double[] last = groups.isEmpty() ? null : groups.getLast();
            if (last != null && p[2] == 0 && p[0] - last[1] <= rules.mergeGapSeconds() && p[1] - last[0] <= maxSpeech) {
                last[1] = Math.max(last[1], p[1]);
            } else {
                groups.add(new double[] {p[0], p[1]});
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < groups.size(); i++) {
                double[] g = groups.get(i);
                if (g[1] - g[0] >= minSpeech) {
                    continue;
                }
                double gapBefore = i > 0 ? g[0] - groups.get(i - 1)[1] : Double.POSITIVE_INFINITY;
                double gapAfter = i + 1 < groups.size() ? groups.get(i + 1)[0] - g[1] : Double.POSITIVE_INFINITY;
                boolean before = i > 0 && gapBefore <= rules.fragmentGapSeconds() && g[1] - groups.get(i - 1)[0] <= maxSpeech;
                boolean after = i + 1 < groups.size() && gapAfter <= rules.fragmentGapSeconds()
                        && groups.get(i + 1)[1] - g[0] <= maxSpeech;
                if (before && (!after || gapBefore <= gapAfter)) {
                    groups.get(i - 1)[1] = g[1];
                } else if (after) {
                    groups.get(i + 1)[0] = g[0];
                }
                groups.remove(i); // merged into a neighbour, or too short to keep
                changed = true;
                break;
            }
        }
        List<ClipSpan> clips = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            double[] g = groups.get(i);
            double lowest = i > 0 ? (groups.get(i - 1)[1] + g[0]) / 2 : 0;
            double highest = i + 1 < groups.size() ? (g[1] + groups.get(i + 1)[0]) / 2 : totalSeconds;
            double start = Math.max(lowest, g[0] - rules.keepSeconds());
            double end = Math.min(highest, g[1] + rules.keepSeconds());
            if (end - start >= rules.minSeconds() - 1e-9) {
                clips.add(new ClipSpan(start, Math.min(end, start + rules.maxSeconds())));
            }
        }
        return clips;
    }

    /** The middle of the quietest frame between {@code from} and {@code to} seconds (the latest of equals). */
    static double quietest(float[] envelope, double frameSeconds, double from, double to) {
        int a = Math.max(0, (int) Math.ceil(from / frameSeconds));
        int b = Math.min(envelope.length - 1, (int) Math.floor(to / frameSeconds) - 1);
        if (b < a) {
            return to;
        }
        int best = a;
        for (int f = a + 1; f <= b; f++) {
            if (envelope[f] <= envelope[best]) { // among equals the latest: clips as long as allowed
                best = f;
            }
        }
        return Math.min(to, (best + 0.5) * frameSeconds);
    }
}
