package dev.vtubermiku.core.audience;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Words and phrases that must not pass: in a viewer's message (it is skipped) and in her own reply
 * (it is neither spoken nor posted). Matched as whole words in the {@link ViewerText#fold folded}
 * text, both with punctuation as a word break ("bad-word") and with punctuation inside a word
 * removed ("b.a.d"), so the usual disguises do not get through.
 */
public final class Blocklist {

    public static final Blocklist NONE = new Blocklist(List.of());

    private final List<String> entries;

    private Blocklist(List<String> entries) {
        this.entries = entries;
    }

    /** Entries as configured (any case, any Unicode form); blank ones are ignored. */
    public static Blocklist of(List<String> words) {
        List<String> entries = new ArrayList<>();
        for (String w : words) {
            String entry = spaced(ViewerText.fold(ViewerText.clean(w))).strip();
            if (!entry.isEmpty() && !entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return new Blocklist(List.copyOf(entries));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The first entry the text contains, if any; {@code text} is raw (it is cleaned and folded here). */
    public Optional<String> find(String text) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        String folded = ViewerText.fold(ViewerText.clean(text));
        String broken = " " + spaced(folded) + " ";
        String joined = " " + joined(folded) + " ";
        for (String entry : entries) {
            String padded = " " + entry + " ";
            if (broken.contains(padded) || joined.contains(padded)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Every character that is not a letter or digit becomes a space; runs of spaces become one. */
    static String spaced(String folded) {
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = true;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        return out.toString().strip();
    }

    /** Words split at whitespace only, each with its punctuation removed ("b.a.d" is "bad"). */
    private static String joined(String folded) {
        StringBuilder out = new StringBuilder(folded.length());
        for (String token : folded.split(" ")) {
            StringBuilder word = new StringBuilder();
            token.codePoints().filter(Character::isLetterOrDigit).forEach(word::appendCodePoint);
            if (!word.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(word);
            }
        }
        return out.toString();
    }
}
