package dev.vtubermiku.bench;

import java.util.Arrays;
import java.util.Collection;

/** A small set of measurements, sorted, with nearest-rank percentiles (exact for small counts). */
record Samples(long[] sorted) {

    Samples {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        sorted = sorted.clone();
        Arrays.sort(sorted);
    }

    static Samples of(Collection<Long> values) {
        return new Samples(values.stream().mapToLong(Long::longValue).toArray());
    }

    /** Nearest rank: the smallest value with at least {@code p} percent of the samples at or below it. */
    long percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    long min() {
        return sorted[0];
    }

    long max() {
        return sorted[sorted.length - 1];
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    double median() {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    int count() {
        return sorted.length;
    }
}
