package dev.vtubermiku.protocol;

import java.util.List;

/**
 * {@code POST /api/stt}: what was said.
 *
 * @param language ISO 639-1 code it was transcribed as ({@code und} when unknown)
 * @param duration the audio's length in seconds
 * @param processingMs time spent on the server, decoding included
 */
public record TranscriptResponse(String text, String language, List<Segment> segments, double duration, long processingMs) {

    /** A timed piece; times in seconds from the start of the audio. */
    public record Segment(double start, double end, String text) {}
}
