package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The finished reply of {@code POST /api/chat}. {@code id} is the {@code chat_logs} row;
 * {@code audio_url} is null unless the reply was spoken, and then {@code audio_error} says why not;
 * {@code turn_id} is the one every event of this exchange carries.
 */
public record ChatResponse(
        long id,
        long characterId,
        String response,
        String emotion,
        @Nullable String audioUrl,
        long latencyMs,
        String turnId,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String audioError) {}
