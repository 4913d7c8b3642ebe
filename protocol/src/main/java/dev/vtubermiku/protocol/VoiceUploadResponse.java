package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/voice/upload}: what became of each file, in the order sent. A stored file has an
 * {@code upload_id} (made by the server); a refused one has {@code error} (empty, not_audio, damaged,
 * too_long, too_many_channels, too_large, bad_name, storage) and {@code message}.
 */
public record VoiceUploadResponse(List<File> files, int accepted, int rejected) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record File(@Nullable String fileName, @Nullable String uploadId, @Nullable String format,
            @Nullable Double duration, @Nullable Integer sampleRate, @Nullable Integer channels, @Nullable String speaker,
            @Nullable Long characterId, @Nullable String error, @Nullable String message) {}
}
