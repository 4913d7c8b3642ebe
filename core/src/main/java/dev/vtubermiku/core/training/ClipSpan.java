package dev.vtubermiku.core.training;

/** Where a clip lies in its recording, in seconds. */
public record ClipSpan(double start, double end) {

    public ClipSpan {
        if (!(end >= start) || start < 0) {
            throw new IllegalArgumentException("a span needs 0 <= start <= end, was " + start + ".." + end);
        }
    }

    public double length() {
        return end - start;
    }
}
