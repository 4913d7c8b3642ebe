package dev.vtubermiku.core.training;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * How fast this machine turns recordings into clips, measured on the uploads it has processed: the
 * last {@value #KEPT} uploads' recording seconds and the wall-clock seconds their processing took.
 * An estimate is only given once something has been measured; it is never a constant.
 */
public final class ProcessingThroughput {

    static final int KEPT = 20;

    private final Deque<double[]> samples = new ArrayDeque<>();

    /** Records one processed upload: its length and how long processing it took. Ignores empty measurements. */
    public synchronized void record(double audioSeconds, double wallSeconds) {
        if (!(audioSeconds > 0) || !(wallSeconds > 0)) {
            return;
        }
        samples.addLast(new double[] {audioSeconds, wallSeconds});
        while (samples.size() > KEPT) {
            samples.removeFirst();
        }
    }

    /** Recording seconds processed per wall-clock second, over the kept uploads; empty before the first. */
    public synchronized OptionalDouble realtimeFactor() {
        double audio = 0;
        double wall = 0;
        for (double[] s : samples) {
            audio += s[0];
            wall += s[1];
        }
        return wall > 0 ? OptionalDouble.of(audio / wall) : OptionalDouble.empty();
    }

    /** Expected wall-clock seconds to process {@code audioSeconds} of recordings; empty before the first measurement. */
    public OptionalDouble expectedSeconds(double audioSeconds) {
        OptionalDouble factor = realtimeFactor();
        return factor.isPresent() ? OptionalDouble.of(audioSeconds / factor.getAsDouble()) : OptionalDouble.empty();
    }

    /** Recording seconds measured so far (over the kept uploads). */
    public synchronized double measuredAudioSeconds() {
        return samples.stream().mapToDouble(s -> s[0]).sum();
    }
}
