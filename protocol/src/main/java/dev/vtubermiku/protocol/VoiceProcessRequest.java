package dev.vtubermiku.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code POST /api/voice/process}: the uploads to cut into clips; none named: every upload not yet processed. */
public record VoiceProcessRequest(@Nullable List<String> uploadIds) {}
