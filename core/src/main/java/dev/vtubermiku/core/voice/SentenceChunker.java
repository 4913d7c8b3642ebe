package dev.vtubermiku.core.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts streamed reply text into pieces for text-to-speech as soon as each is complete. Pieces end at
 * a sentence end (. ! ? … followed by a space, or a line break); the first piece may also end at a
 * clause boundary (, ; : or a dash) once it is {@code firstChunkChars} long, because the first
 * audio waits for it alone. A piece with no sentence end is cut at a space at {@code maxChunkChars}.
 * Abbreviations (Mr., e.g.) and numbers (3.5) do not end a sentence. One thread at a time.
 */
public final class SentenceChunker {

    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "st", "vs", "etc", "jr", "sr",
            "prof", "e.g", "i.e", "no", "approx");

    private final int firstChunkChars;
    private final int maxChunkChars;
    private final StringBuilder pending = new StringBuilder();
    private int released;

    public SentenceChunker(int firstChunkChars, int maxChunkChars) {
        if (firstChunkChars < 1 || maxChunkChars < firstChunkChars) {
            throw new IllegalArgumentException("chunk lengths out of range");
        }
        this.firstChunkChars = firstChunkChars;
        this.maxChunkChars = maxChunkChars;
    }

    /** Takes the next piece of text; returns the chunks it completed, in order (usually none). */
    public List<String> feed(String text) {
        pending.append(text);
        List<String> out = new ArrayList<>(1);
        int cut;
        while ((cut = boundary()) > 0) {
            emit(pending.substring(0, cut), out);
            pending.delete(0, cut);
        }
        return out;
    }

    /** The reply ended: whatever is left, if it has anything to say. */
    public List<String> finish() {
        List<String> out = new ArrayList<>(1);
        emit(pending.toString(), out);
        pending.setLength(0);
        return out;
    }

    /** How many chunks were released so far. */
    public int released() {
        return released;
    }

    private void emit(String piece, List<String> out) {
        String chunk = piece.strip();
        if (!speakable(chunk)) {
            return; // "..." or a lone emoji: nothing Piper can say; dropped rather than merged, it has no words
        }
        out.add(chunk);
        released++;
    }

    /** The end (exclusive) of the first complete chunk in {@code pending}, or 0. */
    private int boundary() {
        int n = pending.length();
        boolean first = released == 0;
        for (int i = 0; i < n; i++) {
            char c = pending.charAt(i);
            if (c == '\n') {
                if (speakable(pending.substring(0, i))) {
                    return i + 1;
                }
                continue;
            }
            if (i + 1 >= n) {
                break; // whether this ends a sentence depends on what follows
            }
            char next = pending.charAt(i + 1);
            boolean spaceNext = Character.isWhitespace(next);
            if (isSentenceEnd(c) && (spaceNext || closing(next)) && !abbreviation(i)) {
                int end = i + 1;
                while (end < n && (isSentenceEnd(pending.charAt(end)) || closing(pending.charAt(end)))) {
                    end++;
                }
                if (end >= n) {
                    return 0; // "Hi!" + maybe more "!!" or a closing quote still coming
                }
                if (speakable(pending.substring(0, end))) {
                    return end;
                }
            }
            if (first && i + 1 >= firstChunkChars && isClauseEnd(c, i) && spaceNext && speakable(pending.substring(0, i))) {
                return i + 1;
            }
        }
        if (n > maxChunkChars) {
            int space = pending.lastIndexOf(" ", maxChunkChars);
            return space > 0 ? space + 1 : maxChunkChars;
        }
        return 0;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…' || c == '。' || c == '！' || c == '？';
    }

    private static boolean closing(char c) {
        return c == '"' || c == '\'' || c == ')' || c == '”' || c == '’' || c == ']';
    }

    private boolean isClauseEnd(char c, int i) {
        if (c == ',' || c == ';' || c == ':' || c == '—' || c == '–') {
            return true;
        }
        return c == '-' && i > 0 && pending.charAt(i - 1) == ' '; // " - " used as a dash
    }

    /** Whether the '.' at {@code dot} ends an abbreviation or an initial ("Mr.", "e.g.", "J."). */
    private boolean abbreviation(int dot) {
        if (pending.charAt(dot) != '.') {
            return false;
        }
        int start = dot;
        while (start > 0 && (Character.isLetter(pending.charAt(start - 1)) || pending.charAt(start - 1) == '.')) {
            start--;
        }
        String word = pending.substring(start, dot).toLowerCase(Locale.ROOT);
        return ABBREVIATIONS.contains(word) || word.length() == 1 && Character.isUpperCase(pending.charAt(start));
    }

    static boolean speakable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
