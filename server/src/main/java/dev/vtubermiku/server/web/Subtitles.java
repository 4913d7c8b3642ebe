package dev.vtubermiku.server.web;

import dev.vtubermiku.core.speech.Transcript;
import java.util.Locale;

/** A transcript's segments as SubRip or WebVTT cues (OpenAI's srt and vtt response formats). */
final class Subtitles {

    private Subtitles() {}

    static String srt(Transcript t) {
        StringBuilder out = new StringBuilder();
        int n = 1;
        for (Transcript.Segment s : t.segments()) {
            out.append(n++).append('\n').append(time(s.start(), ',')).append(" --> ").append(time(s.end(), ','))
                    .append('\n').append(s.text()).append("\n\n");
        }
        return out.toString();
    }

    static String vtt(Transcript t) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Transcript.Segment s : t.segments()) {
            out.append(time(s.start(), '.')).append(" --> ").append(time(s.end(), '.')).append('\n').append(s.text()).append("\n\n");
        }
        return out.toString();
    }

    static String time(double seconds, char decimal) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, decimal, ms % 1000);
    }
}
