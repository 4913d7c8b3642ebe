package dev.vtubermiku.core.speech;

import java.util.List;

/**
 * What was said.
 *
 * @param text the whole text, trimmed
 * @param language the language it was transcribed as (ISO 639-1), or {@code und} when unknown
 * @param segments the text in timed pieces
 * @param duration the audio's length in seconds
 */
public record Transcript(String text, String language, List<Segment> segments, double duration) {

    public Transcript {
        segments = List.copyOf(segments);
    }

    /** A timed piece of the transcript; times in seconds from the start of the audio. */
    public record Segment(double start, double end, String text) {}
}
