package dev.vtubermiku.core.chat;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Takes emotion tags such as {@code [joy]} out of a reply while it streams. A tag may arrive split
 * over several tokens ({@code "[jo"}, {@code "y] Hi"}), so text from a {@code [} on is held back
 * until it is known to be a tag (dropped, the first one decides the emotion) or not (released as
 * text). A bracket holding one short word is treated as a tag even when the word is not one of
 * ours: the model was told to write a tag there, and showing {@code [giggles]} on stream is worse
 * than dropping it. One space after a tag is dropped with it.
 *
 * <p>Not thread-safe: one parser per reply, fed in order.
 */
public final class EmotionTagParser {

    /** The longest word that can be a tag; longer bracketed text is ordinary text. */
    static final int MAX_TAG_WORD = 16;

    private final StringBuilder held = new StringBuilder();
    private @Nullable Emotion emotion;
    private boolean dropNextSpace;
    private boolean anyText;

    /** Feeds the next piece of the reply; returns the text that can be shown now (maybe empty). */
    public String feed(String token) {
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!held.isEmpty()) {
                held.append(c);
                if (c == ']') {
                    closeTag(out);
                } else if (!isTagChar(c) || held.length() > MAX_TAG_WORD + 1) {
                    release(out); // not a tag after all
                }
                continue;
            }
            if (c == '[') {
                held.append(c);
                continue;
            }
            if (dropNextSpace) {
                dropNextSpace = false;
                if (c == ' ') {
                    continue;
                }
            }
            emit(out, c);
        }
        return out.toString();
    }

    /** The end of the reply: releases anything still held back. */
    public String finish() {
        StringBuilder out = new StringBuilder();
        if (!held.isEmpty()) {
            release(out);
        }
        return out.toString();
    }

    /** The first tag's emotion, if the reply had one of ours. */
    public Optional<Emotion> emotion() {
        return Optional.ofNullable(emotion);
    }

    private void closeTag(StringBuilder out) {
        String word = held.substring(1, held.length() - 1).trim();
        Optional<Emotion> named = Emotion.fromTag(word);
        boolean oneWord = !word.isEmpty() && word.chars().allMatch(ch -> Character.isLetter(ch) || ch == '-' || ch == '_');
        // Before any text, any one-word tag goes; later only ours, so "a [really] big cat" keeps its word.
        if (!oneWord || (anyText && named.isEmpty())) {
            release(out);
            return;
        }
        held.setLength(0);
        if (emotion == null) {
            emotion = named.orElse(null);
        }
        dropNextSpace = true; // "[joy] Hi" shows "Hi"; "Hi [joy] there" shows "Hi there"
    }

    private void release(StringBuilder out) {
        String text = held.toString();
        held.setLength(0);
        // The released text may itself contain a new '[': feed it again after the first char.
        emit(out, text.charAt(0));
        out.append(feed(text.substring(1)));
    }

    private void emit(StringBuilder out, char c) {
        if (!anyText && Character.isWhitespace(c)) {
            return; // a reply does not start with blanks (nor with the one after its tag)
        }
        anyText = true;
        out.append(c);
    }

    private static boolean isTagChar(char c) {
        return Character.isLetter(c) || c == ' ' || c == '-' || c == '_';
    }
}
