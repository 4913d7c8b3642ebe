package dev.vtubermiku.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/voice/clips}: oldest first; the next page is {@code ?after=<next_after>}. */
public record VoiceClipPage(List<VoiceClip> clips, @Nullable Long nextAfter) {}
