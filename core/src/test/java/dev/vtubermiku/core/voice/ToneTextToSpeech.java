package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.VoiceInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Piper for tests: "says" each word as {@link #WORD_MS} of a square wave at 16 kHz whose RMS is
 * exactly {@code amplitude}, at once (the future is complete when returned).
 */
final class ToneTextToSpeech implements TextToSpeech {

    static final int WORD_MS = 200;
    static final int RATE = 16_000;

    private final double amplitude;
    final List<String> spoken = new CopyOnWriteArrayList<>();

    ToneTextToSpeech(double amplitude) {
        this.amplitude = amplitude;
    }

    static int words(String text) {
        return text.strip().split("\\s+").length;
    }

    @Override
    public List<VoiceInfo> voices() {
        return List.of();
    }

    @Override
    public VoiceInfo voice(@Nullable String name) {
        throw new UnsupportedOperationException("not needed by the voice loop");
    }

    @Override
    public CompletableFuture<SpokenAudio> synthesize(String text, @Nullable String voice) {
        spoken.add(text);
        short[] samples = new short[words(text) * WORD_MS * RATE / 1000];
        short level = (short) Math.round(amplitude * 32768);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i % 2 == 0 ? level : -level);
        }
        return CompletableFuture.completedFuture(new SpokenAudio(samples, RATE));
    }
}
