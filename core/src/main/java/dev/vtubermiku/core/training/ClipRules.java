package dev.vtubermiku.core.training;

/**
 * How a recording is cut into training clips.
 *
 * @param minSeconds shorter clips are merged with a neighbour or dropped (piper1-gpl learns little from them)
 * @param maxSeconds longer speech is split at its quietest moment (long clips cost memory in training)
 * @param mergeGapSeconds speech separated by a pause up to this long stays in one clip (a breath, not a new sentence)
 * @param fragmentGapSeconds a too-short fragment joins the nearer neighbour across a pause up to this long
 * @param keepSeconds silence kept at each edge of a clip
 */
public record ClipRules(double minSeconds, double maxSeconds, double mergeGapSeconds, double fragmentGapSeconds,
        double keepSeconds) {

    public static final ClipRules DEFAULTS = new ClipRules(1.0, 15.0, 0.5, 2.0, 0.1);

    public ClipRules {
        if (!(minSeconds > 0 && maxSeconds > minSeconds + 2 * keepSeconds) || mergeGapSeconds < 0 || fragmentGapSeconds < 0
                || keepSeconds < 0) {
            throw new IllegalArgumentException("clip rules must satisfy 0 < min < max - 2 * keep");
        }
    }
}
