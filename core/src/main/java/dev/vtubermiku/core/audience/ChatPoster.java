package dev.vtubermiku.core.audience;

/**
 * Her way back into a platform's chat: posts one of her replies as a chat message. A connector that
 * reads anonymously (Twitch without a token, YouTube with an API key only) cannot post.
 */
public interface ChatPoster {

    /** {@code twitch} or {@code youtube}. */
    String platform();

    /** Whether {@link #post} can reach the chat now (connected, with the rights to write). */
    boolean canPost();

    /** Sends the text as a chat message; returns false when it could not (never throws, never blocks long). */
    boolean post(String text);
}
