package dev.vtubermiku.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/models}: the built-in catalog with what is installed under MODELS_DIR, and the
 * pulls running now. {@code mirror} is MODEL_MIRROR when set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelList(String modelsDir, @Nullable String mirror, List<ModelInfo> models) {

    /**
     * One downloadable model. {@code kind}: piper, whisper or vad. {@code state}: missing, partial
     * (some bytes or files are there), installed (every file there at its catalog size), verified
     * (and its checksum matched), corrupt (a file has the wrong size or checksum). {@code pull} is
     * set while a download of it runs.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelInfo(
            String name,
            String kind,
            String description,
            boolean isDefault,
            long sizeBytes,
            String state,
            long installedBytes,
            String checksumSource,
            List<ModelFileInfo> files,
            @Nullable PullStatus pull) {}

    /**
     * One file of a model: where it goes below MODELS_DIR, where it comes from, its size and
     * published checksum ({@code checksum_algorithm}: sha256, sha1 or md5), and its state.
     */
    public record ModelFileInfo(String path, String url, long sizeBytes, String checksumAlgorithm, String checksum,
            String state) {}

    /**
     * A pull: {@code state} running, saved or failed; {@code joined} when this request joined a
     * pull already running instead of starting one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PullStatus(String jobId, String name, String state, long bytesDone, long bytesTotal,
            boolean joined, @Nullable String error) {}
}
