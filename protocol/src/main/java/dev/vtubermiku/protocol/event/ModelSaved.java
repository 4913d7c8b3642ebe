package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.ModelProgress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code model.saved}: a model file is in place. Three sources fill it: a download ({@code source:
 * download}, the pull's last progress fields and the files), a trained voice (its name, {@code kind:
 * piper}, path, run and {@code models} row) and a training checkpoint (run, checkpoint row, path, epoch).
 */
public record ModelSaved(
        @Nullable String name, @Nullable String kind, @Nullable String jobId, @Nullable String file, @Nullable String phase,
        @Nullable Long bytesDone, @Nullable Long bytesTotal, @Nullable Integer percent, @Nullable Long bytesPerSecond,
        @Nullable Long etaS, @Nullable String source, @Nullable List<String> files, @Nullable String path,
        @Nullable Long runId, @Nullable Long modelId, @Nullable Long checkpointId, @Nullable Integer epoch)
        implements EventPayload {

    public static ModelSaved downloaded(ModelProgress pull, List<String> files) {
        return new ModelSaved(pull.name(), pull.kind(), pull.jobId(), pull.file(), pull.phase(), pull.bytesDone(),
                pull.bytesTotal(), pull.percent(), pull.bytesPerSecond(), pull.etaS(), "download", List.copyOf(files), null,
                null, null, null, null);
    }

    public static ModelSaved trainedVoice(String name, String path, long runId, long modelId) {
        return new ModelSaved(name, "piper", null, null, null, null, null, null, null, null, null, null, path, runId, modelId,
                null, null);
    }

    public static ModelSaved checkpoint(long runId, long checkpointId, String path, int epoch) {
        return new ModelSaved(null, null, null, null, null, null, null, null, null, null, null, null, path, runId, null,
                checkpointId, epoch);
    }

    @Override
    public String eventType() {
        return EventTypes.MODEL_SAVED;
    }
}
