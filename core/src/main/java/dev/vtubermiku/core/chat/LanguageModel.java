package dev.vtubermiku.core.chat;

/**
 * Port: a language model that streams its reply. {@link #stream} returns at once; the reply arrives
 * on {@code sink} from another thread: tokens in order, then exactly one of {@code onComplete} or
 * {@code onError}. After {@link LlmStream#cancel()} the sink may still get calls already under way,
 * and the caller ignores them.
 */
public interface LanguageModel {

    LlmStream stream(Prompt prompt, TokenSink sink);

    /** Where a reply goes while it streams. */
    interface TokenSink {
        void onToken(String text);

        void onComplete();

        void onError(LlmFailure failure);
    }

    /** A reply being streamed. */
    interface LlmStream {
        /** Stops the reply and frees its connection; no effect once it ended. */
        void cancel();
    }
}
