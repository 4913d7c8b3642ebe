package dev.vtubermiku.server.llm;

import dev.vtubermiku.core.chat.LanguageModel;
import dev.vtubermiku.core.chat.LlmFailure;
import dev.vtubermiku.core.chat.Prompt;
import dev.vtubermiku.server.logging.SecretMasker;

/**
 * A language model whose reply never carries a configured secret: a model (or a proxy in front of
 * it) can write a key into its reply, which would then be streamed to clients as {@code chat.token},
 * stored in {@code chat_logs}, remembered and spoken. Each token passes the masker on its way in;
 * the few characters at a token's end that could begin a secret wait for the next token, so a key
 * split across tokens is masked whole.
 */
public final class RedactedLanguageModel implements LanguageModel {

    private final LanguageModel model;
    private final SecretMasker masker;

    public RedactedLanguageModel(LanguageModel model, SecretMasker masker) {
        this.model = model;
        this.masker = masker;
    }

    @Override
    public LlmStream stream(Prompt prompt, TokenSink sink) {
        return model.stream(prompt, new RedactingSink(sink, masker));
    }

    private static final class RedactingSink implements TokenSink {
        private final TokenSink sink;
        private final SecretMasker masker;
        private final StringBuilder held = new StringBuilder();

        RedactingSink(TokenSink sink, SecretMasker masker) {
            this.sink = sink;
            this.masker = masker;
        }

        @Override
        public synchronized void onToken(String text) {
            held.append(text);
            String masked = masker.mask(held.toString());
            int keep = masker.unsafeTail(masked);
            held.setLength(0);
            held.append(masked, masked.length() - keep, masked.length());
            if (keep < masked.length()) {
                sink.onToken(masked.substring(0, masked.length() - keep));
            }
        }

        @Override
        public synchronized void onComplete() {
            if (!held.isEmpty()) {
                sink.onToken(masker.mask(held.toString()));
                held.setLength(0);
            }
            sink.onComplete();
        }

        @Override
        public void onError(LlmFailure failure) {
            sink.onError(failure);
        }
    }
}
