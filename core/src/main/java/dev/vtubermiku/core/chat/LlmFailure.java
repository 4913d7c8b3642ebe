package dev.vtubermiku.core.chat;

/**
 * Why a reply could not be had, in words the streamer can act on. {@code retryable}: the same
 * request may well work a moment later (rate limit, server error), so it is retried when nothing
 * was streamed yet.
 */
public record LlmFailure(Reason reason, String detail, boolean retryable) {

    public enum Reason {
        /** No first token, or no next token, in time. */
        TIMEOUT,
        /** HTTP 429. */
        RATE_LIMITED,
        /** HTTP 5xx. */
        SERVER_ERROR,
        /** HTTP 4xx other than 429: key, model name or request refused. */
        REJECTED,
        /** Could not connect. */
        UNREACHABLE,
        /** A streamed chunk that is not what an OpenAI-compatible server sends. */
        MALFORMED,
        /** The server ended the stream before the reply was finished. */
        DROPPED,
        /** The reply had no text. */
        EMPTY,
        OTHER;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static LlmFailure of(Reason reason, String detail) {
        return new LlmFailure(reason, detail, reason == Reason.RATE_LIMITED || reason == Reason.SERVER_ERROR);
    }
}
