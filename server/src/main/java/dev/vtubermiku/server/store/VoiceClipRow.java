package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code training_data} with what processing adds: where in which upload the clip came
 * from (milliseconds), its rate, quality measures, whether it goes into training, and whether it
 * still needs a transcript (no Whisper model was there to make one).
 */
public record VoiceClipRow(
        long id, String filename, @Nullable String transcript, double duration, @Nullable String speaker,
        @Nullable String emotion, @Nullable String quality, Instant createdAt, @Nullable String uploadId,
        @Nullable Long sourceStartMs, @Nullable Long sourceEndMs, @Nullable Integer sampleRate, @Nullable Double snrDb,
        @Nullable Double clippingRatio, @Nullable Double speechRatio, boolean included, boolean needsTranscript) {}
