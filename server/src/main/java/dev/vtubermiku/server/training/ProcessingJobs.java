package dev.vtubermiku.server.training;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.training.ProcessingThroughput;
import dev.vtubermiku.protocol.VoiceProcessEstimate;
import dev.vtubermiku.protocol.VoiceProcessJob;
import dev.vtubermiku.protocol.event.AudioProcessed;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.server.store.VoiceUploadDao;
import dev.vtubermiku.server.store.VoiceUploadRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processing jobs: each runs in the background on the processing executor (one at a time, as the
 * work is CPU-bound and the VAD and Whisper engines are shared with the live path), reports its
 * progress through {@link #find}, and publishes one {@code audio.processed} event per clip it makes.
 * Jobs are kept in memory for this server's lifetime; their clips are in the store.
 */
public final class ProcessingJobs {

    private static final Logger log = LoggerFactory.getLogger(ProcessingJobs.class);
    private static final int KEPT_JOBS = 100;

    private final Database database;
    private final ClipProcessor processor;
    private final EventBus bus;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ProcessingThroughput throughput = new ProcessingThroughput();

    public ProcessingJobs(Database database, ClipProcessor processor, EventBus bus, ExecutorService executor, Clock clock) {
        this.database = database;
        this.processor = processor;
        this.bus = bus;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Starts a job for these uploads (null or empty: every upload not processed yet).
     *
     * @throws VoiceException NOT_FOUND for an upload id that does not exist, UNPROCESSABLE when there is nothing to process
     */
    public VoiceProcessJob start(@Nullable List<String> uploadIds) {
        VoiceUploadDao uploads = database.readDao(VoiceUploadDao.class);
        List<VoiceUploadRow> chosen = new ArrayList<>();
        if (uploadIds == null || uploadIds.isEmpty()) {
            chosen.addAll(uploads.unprocessed());
            if (chosen.isEmpty()) {
                throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, "upload_ids",
                        "Every upload is processed already; name upload_ids to process some again (it adds only missing clips).");
            }
        } else {
            for (String id : uploadIds) {
                chosen.add(uploads.find(id).orElseThrow(() -> new VoiceException(VoiceException.Kind.NOT_FOUND, "upload_ids",
                        "There is no upload " + id + ".")));
            }
        }
        Job job = new Job("job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                chosen.stream().map(VoiceUploadRow::id).toList(), clock.instant());
        forgetOld();
        jobs.put(job.id, job);
        executor.execute(() -> run(job, chosen));
        return job.snapshot();
    }

    public Optional<VoiceProcessJob> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::snapshot);
    }

    private void run(Job job, List<VoiceUploadRow> uploads) {
        job.state = "running";
        for (VoiceUploadRow upload : uploads) {
            try {
                long started = System.nanoTime();
                ClipProcessor.Result r = processor.process(upload, clip -> {
                    job.added++;
                    bus.publish(processed(job, clip), Severity.INFO, "Clip " + clip.filename() + " ("
                            + String.format(java.util.Locale.ROOT, "%.1f", clip.duration()) + " s, " + clip.quality() + ")");
                });
                job.existing += r.existing();
                if (r.added() > 0) { // an upload processed again makes no clips and measures nothing
                    throughput.record(upload.duration(), (System.nanoTime() - started) / 1e9);
                }
            } catch (Exception e) {
                log.warn("Processing upload {} failed", upload.id(), e);
                job.errors.add(new VoiceProcessJob.UploadError(upload.id(), e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            job.done++;
        }
        job.state = job.errors.isEmpty() ? "done" : "failed";
        job.finished = clock.instant();
        log.info("Processing job {} {}: {} new clip(s), {} already there", job.id, job.state, job.added, job.existing);
    }

    /** The expected processing time of an hour of recordings and of the uploads waiting, from the measured throughput. */
    public VoiceProcessEstimate estimate() {
        double pending = database.readDao(VoiceUploadDao.class).unprocessed().stream().mapToDouble(VoiceUploadRow::duration).sum();
        OptionalDouble factor = throughput.realtimeFactor();
        return new VoiceProcessEstimate(boxed(throughput.expectedSeconds(3600)), pending, boxed(throughput.expectedSeconds(pending)),
                factor.isPresent() ? Math.round(factor.getAsDouble() * 100) / 100.0 : null, throughput.measuredAudioSeconds());
    }

    private static @Nullable Double boxed(OptionalDouble value) {
        return value.isPresent() ? Math.round(value.getAsDouble() * 10) / 10.0 : null;
    }

    private static AudioProcessed processed(Job job, VoiceClipRow clip) {
        return new AudioProcessed(job.id, clip.uploadId(), clip.id(), clip.filename(), clip.duration(), clip.quality(),
                clip.needsTranscript(), clip.transcript(), job.done, job.uploadIds.size());
    }

    private void forgetOld() {
        if (jobs.size() >= KEPT_JOBS) {
            jobs.values().stream().filter(j -> j.finished != null).min((x, y) -> x.created.compareTo(y.created))
                    .ifPresent(j -> jobs.remove(j.id));
        }
    }

    private static final class Job {
        final String id;
        final List<String> uploadIds;
        final Instant created;
        final List<VoiceProcessJob.UploadError> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile String state = "queued";
        volatile int done;
        volatile int added;
        volatile int existing;
        volatile @Nullable Instant finished;

        Job(String id, List<String> uploadIds, Instant created) {
            this.id = id;
            this.uploadIds = uploadIds;
            this.created = created;
        }

        VoiceProcessJob snapshot() {
            return new VoiceProcessJob(id, state, uploadIds, done, added, existing, List.copyOf(errors), created, finished);
        }
    }
}
