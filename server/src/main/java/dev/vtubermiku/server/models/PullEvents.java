package dev.vtubermiku.server.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.ModelProgress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Publishes pulls as events: {@code model.progress} (live only, at most a few per second per pull),
 * then {@code model.saved} or {@code model.failed} with the reason.
 */
public final class PullEvents implements PullListener {

    private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

    private final EventBus bus;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();

    /** @param interval the least time between two progress events of one pull */
    public PullEvents(EventBus bus, Clock clock, Duration interval, ObjectMapper json) {
        this.bus = bus;
        this.json = json;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public void started(PullJob job) {
        lastSent.put(job.id(), clock.millis());
        bus.publish(EventTypes.MODEL_PROGRESS, Severity.INFO, "Pulling " + job.entry().name(), data(job, job.progress()));
    }

    @Override
    public void progress(PullJob job, PullProgress progress) {
        long now = clock.millis();
        Long last = lastSent.get(job.id());
        if (last != null && now - last < interval.toMillis()) {
            return;
        }
        lastSent.put(job.id(), now);
        bus.publish(EventTypes.MODEL_PROGRESS, Severity.INFO,
                job.entry().name() + ": " + progress.percent() + "% of " + Bytes.format(progress.bytesTotal()),
                data(job, progress));
    }

    @Override
    public void saved(PullJob job, List<Path> files) {
        lastSent.remove(job.id());
        Map<String, @Nullable Object> data = data(job, job.progress());
        data.put("source", "download");
        data.put("files", files.stream().map(Path::toString).toList());
        bus.publish(EventTypes.MODEL_SAVED, Severity.INFO, "Model " + job.entry().name() + " downloaded and verified", data);
    }

    @Override
    public void failed(PullJob job, ModelPullException error) {
        lastSent.remove(job.id());
        Map<String, @Nullable Object> data = data(job, job.progress());
        data.put("source", "download");
        data.put("reason", error.reason().name().toLowerCase(java.util.Locale.ROOT));
        data.put("error", error.getMessage());
        bus.publish(EventTypes.MODEL_FAILED, Severity.ERROR,
                "Pull of " + job.entry().name() + " failed: " + error.getMessage(), data);
    }

    /** The typed payload of a {@code model.progress} event. */
    public static ModelProgress payload(PullJob job, PullProgress progress) {
        return new ModelProgress(job.entry().name(), job.entry().kind().folder(), job.id(), progress.file(),
                progress.phase().name().toLowerCase(java.util.Locale.ROOT), progress.bytesDone(), progress.bytesTotal(),
                progress.percent(), progress.bytesPerSecond(), progress.eta() == null ? null : progress.eta().toSeconds());
    }

    private Map<String, @Nullable Object> data(PullJob job, PullProgress progress) {
        return new LinkedHashMap<>(json.convertValue(payload(job, progress), MAP));
    }
}
