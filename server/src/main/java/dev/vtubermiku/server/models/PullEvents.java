package dev.vtubermiku.server.models;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.ModelProgress;
import dev.vtubermiku.protocol.event.ModelFailed;
import dev.vtubermiku.protocol.event.ModelSaved;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        bus.publish(payload(job, job.progress()), Severity.INFO, "Pulling " + job.entry().name());
    }

    @Override
    public void progress(PullJob job, PullProgress progress) {
        long now = clock.millis();
        Long last = lastSent.get(job.id());
        if (last != null && now - last < interval.toMillis()) {
            return;
        }
        lastSent.put(job.id(), now);
        bus.publish(payload(job, progress), Severity.INFO,
                job.entry().name() + ": " + progress.percent() + "% of " + Bytes.format(progress.bytesTotal()));
    }

    @Override
    public void saved(PullJob job, List<Path> files) {
        lastSent.remove(job.id());
        bus.publish(ModelSaved.downloaded(payload(job, job.progress()), files.stream().map(Path::toString).toList()),
                Severity.INFO, "Model " + job.entry().name() + " downloaded and verified");
    }

    @Override
    public void failed(PullJob job, ModelPullException error) {
        lastSent.remove(job.id());
        bus.publish(ModelFailed.download(payload(job, job.progress()), error.reason().name().toLowerCase(java.util.Locale.ROOT),
                String.valueOf(error.getMessage())), Severity.ERROR, "Pull of " + job.entry().name() + " failed: " + error.getMessage());
    }

    /** The typed payload of a {@code model.progress} event. */
    public static ModelProgress payload(PullJob job, PullProgress progress) {
        return new ModelProgress(job.entry().name(), job.entry().kind().folder(), job.id(), progress.file(),
                progress.phase().name().toLowerCase(java.util.Locale.ROOT), progress.bytesDone(), progress.bytesTotal(),
                progress.percent(), progress.bytesPerSecond(), progress.eta() == null ? null : progress.eta().toSeconds());
    }
}
