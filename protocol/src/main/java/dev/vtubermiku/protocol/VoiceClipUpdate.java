package dev.vtubermiku.protocol;

import org.jspecify.annotations.Nullable;

/** {@code PATCH /api/voice/clips/{id}}: the fields given change; a transcript clears needs_transcript. */
public record VoiceClipUpdate(@Nullable String transcript, @Nullable String emotion, @Nullable Boolean included) {}
