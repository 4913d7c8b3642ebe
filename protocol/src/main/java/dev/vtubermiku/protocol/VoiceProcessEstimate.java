package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/voice/estimate}: how long processing is expected to take on this backend, from the
 * throughput it measured on the uploads it processed since it started ({@code measured_audio_seconds}
 * of recordings). The expected times are null until something has been measured.
 *
 * @param secondsPerHour expected processing time of one hour of recordings
 * @param pendingAudioSeconds length of the uploads not processed yet
 * @param pendingSeconds expected processing time of those uploads
 * @param realtimeFactor recording seconds processed per second
 */
public record VoiceProcessEstimate(@Nullable Double secondsPerHour, double pendingAudioSeconds, @Nullable Double pendingSeconds,
        @Nullable Double realtimeFactor, double measuredAudioSeconds) {}
