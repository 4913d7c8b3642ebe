package dev.vtubermiku.core.chat;

/** The reply could not be had; {@link #failure()} says why. Nothing was stored for the exchange. */
public final class ChatFailedException extends RuntimeException {

    private final LlmFailure failure;

    public ChatFailedException(LlmFailure failure) {
        super(failure.detail());
        this.failure = failure;
    }

    public LlmFailure failure() {
        return failure;
    }
}
