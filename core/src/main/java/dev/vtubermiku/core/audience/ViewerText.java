package dev.vtubermiku.core.audience;

import java.text.Normalizer;
import java.util.Locale;

/**
 * What a viewer's text becomes before any filter reads it or she hears it. Chat is untrusted: the
 * same word can hide behind full-width letters, zero-width joiners, right-to-left overrides or a
 * "zalgo" pile of combining marks. {@link #clean} keeps what a person reads (NFKC, at most
 * {@link #MAX_MARKS} combining marks per letter, no invisible format or control characters, one
 * space between words); {@link #fold} is the form words are matched in (lower case, no marks at all).
 */
public final class ViewerText {

    /** Combining marks kept after one base character: enough for real scripts, not for a zalgo tower. */
    public static final int MAX_MARKS = 2;
    /** Raw characters looked at, at most: a wall longer than this is cut before any work is done on it. */
    public static final int MAX_RAW_CHARS = 4096;

    private ViewerText() {}

    /** The readable text: normalised, invisible characters and mark floods removed, whitespace collapsed. */
    public static String clean(String raw) {
        String bounded = raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
        String text = Normalizer.normalize(bounded, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(text.length());
        int marks = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (isMark(type)) {
                if (marks < MAX_MARKS && !out.isEmpty() && !space) {
                    out.appendCodePoint(cp);
                }
                marks++;
                continue;
            }
            marks = 0;
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == '\t' || cp == '\n' || cp == '\r') {
                space = true;
                continue;
            }
            if (type == Character.FORMAT || type == Character.CONTROL || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.UNASSIGNED) {
                continue; // zero-width characters, bidi controls, BOM, tag characters, C0/C1 controls
            }
            if (space && !out.isEmpty()) {
                out.append(' ');
            }
            space = false;
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** The form words are matched in: {@link #clean}ed, lower case, every combining mark removed. */
    public static String fold(String cleaned) {
        String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(cp -> !isMark(Character.getType(cp))).forEach(out::appendCodePoint);
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** A name as it may appear in a prompt or on screen: cleaned, only letters, digits, spaces and _-. kept, 40 chars. */
    public static String safeName(String raw) {
        StringBuilder out = new StringBuilder();
        clean(raw).codePoints()
                .filter(cp -> Character.isLetterOrDigit(cp) || cp == ' ' || cp == '_' || cp == '-' || cp == '.')
                .limit(40)
                .forEach(out::appendCodePoint);
        String name = out.toString().strip();
        return name.isEmpty() ? "viewer" : name;
    }

    private static boolean isMark(int type) {
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }
}
