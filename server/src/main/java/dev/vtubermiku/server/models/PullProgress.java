package dev.vtubermiku.server.models;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a pull stands: bytes done of the model's total, the file at hand and whether it is being
 * downloaded or (already there) checked, the speed of this session's transfer, and the time left at
 * that speed (null until there is a speed).
 */
public record PullProgress(long bytesDone, long bytesTotal, String file, Phase phase, long bytesPerSecond,
        @Nullable Duration eta) {

    public enum Phase {
        DOWNLOADING,
        VERIFYING
    }

    public int percent() {
        return bytesTotal == 0 ? 100 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
    }
}
