package dev.vtubermiku.core.voice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What of her reply has played, and so what the streamer had heard by a given moment: whole chunks,
 * and of the one playing its share of words. Guarded by the session lock.
 */
final class HeardSpeech {

    private final List<SpokenChunk> played = new ArrayList<>();

    /** A chunk starts to play at {@code at}. */
    void playing(SpokenChunk chunk, long at) {
        chunk.start = at;
        played.add(chunk);
    }

    /** Whether this is the turn's first chunk to play (the one whose event carries the latency). */
    boolean isFirst(SpokenChunk chunk) {
        return !played.isEmpty() && played.getFirst().index == chunk.index;
    }

    /** How long she has been audible by {@code now}. */
    long nanos(long now) {
        long total = 0;
        for (SpokenChunk s : played) {
            if (s.start >= 0 && s.start < now) {
                total += Math.min(s.nanos(), now - s.start);
            }
        }
        return total;
    }

    /** The words that had played by {@code now}. */
    String text(long now) {
        StringBuilder b = new StringBuilder();
        for (SpokenChunk s : played) {
            if (s.start < 0 || s.start >= now) {
                break;
            }
            String part = s.text;
            if (now - s.start < s.nanos()) {
                String[] words = s.text.split("\\s+");
                int n = (int) Math.floor((double) (now - s.start) / s.nanos() * words.length);
                part = String.join(" ", Arrays.copyOf(words, n));
            }
            if (!part.isEmpty()) {
                b.append(b.isEmpty() ? "" : " ").append(part);
            }
        }
        return b.toString();
    }

    /** Everything that played, in order. */
    String all() {
        return String.join(" ", played.stream().map(s -> s.text).toList());
    }
}
