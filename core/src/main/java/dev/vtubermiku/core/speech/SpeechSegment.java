package dev.vtubermiku.core.speech;

/** A stretch of audio that holds speech, in seconds from the start of the stream. */
public record SpeechSegment(double start, double end) {

    public double length() {
        return end - start;
    }
}
