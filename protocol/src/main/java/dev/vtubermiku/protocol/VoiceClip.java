package dev.vtubermiku.protocol;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One training clip (a {@code training_data} row): 22050 Hz 16-bit mono, 1-15 s. {@code grade} is
 * good, fair or poor, from {@code snr_db}, {@code clipping_ratio} and {@code speech_ratio};
 * {@code needs_transcript} is set when no Whisper model was there to write one; only {@code included}
 * clips with a transcript are trained on. {@code source_start}/{@code source_end}: seconds into the upload.
 */
public record VoiceClip(long id, String filename, @Nullable String transcript, double duration, @Nullable String speaker,
        @Nullable String emotion, @Nullable String grade, boolean included, boolean needsTranscript,
        @Nullable String uploadId, @Nullable Double sourceStart, @Nullable Double sourceEnd, @Nullable Integer sampleRate,
        @Nullable Double snrDb, @Nullable Double clippingRatio, @Nullable Double speechRatio, String audioUrl,
        Instant createdAt) {}
