package dev.vtubermiku.server.models;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.EventTypes;
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

    private final EventBus bus;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();

    /** @param interval the least time between two progress events of one pull */
    public PullEvents(EventBus bus, Clock clock, Duration interval) {
        this.bus = bus;
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
        data.put("files", files.stream().map(Path::toString).toList());
        bus.publish(EventTypes.MODEL_SAVED, Severity.INFO, "Model " + job.entry().name() + " downloaded and verified", data);
    }

    @Override
    public void failed(PullJob job, ModelPullException error) {
        lastSent.remove(job.id());
        Map<String, @Nullable Object> data = data(job, job.progress());
        data.put("reason", error.reason().name().toLowerCase(java.util.Locale.ROOT));
        data.put("error", error.getMessage());
        bus.publish(EventTypes.MODEL_FAILED, Severity.ERROR,
                "Pull of " + job.entry().name() + " failed: " + error.getMessage(), data);
    }

    private static Map<String, @Nullable Object> data(PullJob job, PullProgress progress) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("name", job.entry().name());
        data.put("kind", job.entry().kind().folder());
        data.put("job_id", job.id());
        data.put("source", "download");
        data.put("file", progress.file());
        data.put("phase", progress.phase().name().toLowerCase(java.util.Locale.ROOT));
        data.put("bytes_done", progress.bytesDone());
        data.put("bytes_total", progress.bytesTotal());
        data.put("percent", progress.percent());
        data.put("bytes_per_second", progress.bytesPerSecond());
        data.put("eta_s", progress.eta() == null ? null : progress.eta().toSeconds());
        return data;
    }
}
