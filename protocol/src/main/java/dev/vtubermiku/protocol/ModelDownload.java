package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A model the backend is downloading by itself (the first start's voice, Whisper model and VAD),
 * in {@code GET /api/status}: {@code state} is {@code running} or {@code failed}; a failed one says
 * why ({@code error}) and how to try again ({@code fix}). A finished one is no longer listed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDownload(String name, String kind, String state, ModelProgress progress, @Nullable String error,
        @Nullable String fix) {}
