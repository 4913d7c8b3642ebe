package dev.vtubermiku.core.chat;

/** The reply was stopped before it finished (its client went away); nothing was stored for it. */
public final class ChatCancelledException extends RuntimeException {
    public ChatCancelledException(String why) {
        super(why);
    }
}
