package dev.vtubermiku.core.speech;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Port: turns text into speech. Requests are served one at a time in the order they arrive, so a
 * caller that submits sentences one by one (as an LLM streams them) gets them back in order and
 * can play the first while the rest are made.
 */
public interface TextToSpeech {

    /** Every voice that can be used now; empty when there is none. */
    List<VoiceInfo> voices();

    /**
     * The voice a request would get: {@code name}, or the default voice when null.
     *
     * @throws UnknownVoiceException when there is no voice of that name
     * @throws SpeechUnavailableException when {@code name} is null and there is no default voice
     */
    VoiceInfo voice(@Nullable String name);

    /**
     * Queues one piece of text (typically a sentence) and completes with its audio. The future fails
     * with {@link UnknownVoiceException}, {@link SpeechUnavailableException} or
     * {@link IllegalArgumentException} (blank text).
     *
     * @param voice a voice name, or null for the default voice
     */
    CompletableFuture<SpokenAudio> synthesize(String text, @Nullable String voice);

    /**
     * Speaks sentences in order, handing each to {@code listener} as soon as it is made; completes
     * when the last has been handed over, or fails with the first failure (later sentences are then
     * not handed over).
     */
    default CompletableFuture<Void> speak(List<String> sentences, @Nullable String voice, SentenceListener listener) {
        List<CompletableFuture<SpokenAudio>> parts = sentences.stream().map(s -> synthesize(s, voice)).toList();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < parts.size(); i++) {
            int index = i;
            chain = chain.thenCompose(done -> parts.get(index))
                    .thenAccept(audio -> listener.spoken(index, sentences.get(index), audio));
        }
        return chain;
    }
}
