package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of one backend service (db, llm, stt, tts, vad, trainer). {@code state} is one of
 * {@code ok}, {@code degraded}, {@code unavailable}, {@code starting}; {@code fix} says what the
 * user can do when it is not ok.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceStatus(String name, String state, String detail, @Nullable String fix, Instant since) {}
