package dev.vtubermiku.core.chat;

/**
 * Hears a reply as it streams: each piece of visible text (emotion tags taken out), at once and in
 * order, on the model's thread (keep it short), and the reply's emotion as soon as its tag is read.
 */
@FunctionalInterface
public interface ReplyTokens {

    void token(String text);

    /** The emotion the reply's tag names, before the text that follows the tag; not called for an untagged reply. */
    default void emotion(Emotion emotion) {}

    /** Both hear the reply, {@code first} first. */
    static ReplyTokens both(ReplyTokens first, ReplyTokens second) {
        return new ReplyTokens() {
            @Override
            public void token(String text) {
                first.token(text);
                second.token(text);
            }

            @Override
            public void emotion(Emotion emotion) {
                first.emotion(emotion);
                second.emotion(emotion);
            }
        };
    }
}
