package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.ModelProgress;
import org.jspecify.annotations.Nullable;

/**
 * {@code model.failed}: a download failed ({@code source: download}, the pull's last progress fields,
 * the {@code reason} as a word and the error), or an engine could not load its model ({@code engine},
 * {@code model}, the error and how to fix it).
 */
public record ModelFailed(
        @Nullable String name, @Nullable String kind, @Nullable String jobId, @Nullable String file, @Nullable String phase,
        @Nullable Long bytesDone, @Nullable Long bytesTotal, @Nullable Integer percent, @Nullable Long bytesPerSecond,
        @Nullable Long etaS, @Nullable String source, @Nullable String reason, @Nullable String engine, @Nullable String model,
        String error, @Nullable String fix) implements EventPayload {

    public static ModelFailed download(ModelProgress pull, String reason, String error) {
        return new ModelFailed(pull.name(), pull.kind(), pull.jobId(), pull.file(), pull.phase(), pull.bytesDone(),
                pull.bytesTotal(), pull.percent(), pull.bytesPerSecond(), pull.etaS(), "download", reason, null, null, error, null);
    }

    public static ModelFailed engine(String engine, String model, String error, String fix) {
        return new ModelFailed(null, null, null, null, null, null, null, null, null, null, null, null, engine, model, error, fix);
    }

    @Override
    public String eventType() {
        return EventTypes.MODEL_FAILED;
    }
}
