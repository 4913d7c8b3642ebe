package dev.vtubermiku.gui.net;

import dev.vtubermiku.protocol.CheckpointList;
import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.protocol.TrainingRunInfo;
import dev.vtubermiku.protocol.VoiceClip;
import dev.vtubermiku.protocol.VoiceClipPage;
import dev.vtubermiku.protocol.VoiceClipUpdate;
import dev.vtubermiku.protocol.VoiceProcessJob;
import dev.vtubermiku.protocol.VoiceProcessRequest;
import dev.vtubermiku.protocol.VoiceUploadResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;
import org.jspecify.annotations.Nullable;

/** The voice-training API ({@code /api/voice/*}) as typed calls: uploads, processing, clips, runs, checkpoints. */
public final class VoiceTrainingClient {

    static final String UPLOAD = "/api/voice/upload";
    static final String PROCESS = "/api/voice/process";
    static final String CLIPS = "/api/voice/clips";
    static final String TRAIN = "/api/voice/train";
    static final String CHECKPOINTS = "/api/voice/checkpoints";
    /** The most clips the backend answers in one page. */
    private static final int CLIP_PAGE = 500;

    private final BackendClient client;

    public VoiceTrainingClient(BackendClient client) {
        this.client = client;
    }

    /** Every clip, page by page. */
    public CompletableFuture<List<VoiceClip>> clips() {
        return clipPages(0, new ArrayList<>());
    }

    private CompletableFuture<List<VoiceClip>> clipPages(long after, List<VoiceClip> so) {
        return client.get(CLIPS + "?limit=" + CLIP_PAGE + (after > 0 ? "&after=" + after : ""), VoiceClipPage.class).thenCompose(page -> {
            so.addAll(page.clips());
            Long next = page.nextAfter();
            return next == null || page.clips().isEmpty() ? CompletableFuture.completedFuture(so) : clipPages(next, so);
        });
    }

    public CompletableFuture<VoiceClip> clip(long id) {
        return client.get(CLIPS + "/" + id, VoiceClip.class);
    }

    public CompletableFuture<VoiceClip> editClip(long id, VoiceClipUpdate update) {
        return client.patch(CLIPS + "/" + id, update, VoiceClip.class);
    }

    public CompletableFuture<?> deleteClip(long id) {
        return client.delete(CLIPS + "/" + id);
    }

    /** A clip's WAV, from the {@code audio_url} the clip names. */
    public CompletableFuture<byte[]> clipAudio(String audioUrl) {
        return client.getBytes(audioUrl);
    }

    /**
     * Uploads recordings (read off the calling thread) as one multipart request, reporting the share
     * sent. When every file is refused the answer is still the per-file list (the backend's 422 body).
     */
    public CompletableFuture<VoiceUploadResponse> upload(List<Path> files, String speaker, @Nullable Long characterId,
            DoubleConsumer sent) {
        return CompletableFuture.supplyAsync(() -> {
            Multipart form = new Multipart();
            for (Path file : files) {
                try {
                    form.file("file", file.getFileName().toString(), "application/octet-stream", Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
                }
            }
            if (!speaker.isEmpty()) {
                form.field("speaker", speaker);
            }
            if (characterId != null) {
                form.field("character_id", characterId.toString());
            }
            return form;
        }).thenCompose(form -> {
            long total = form.bytes().length;
            return client.postMultipart(UPLOAD, form, VoiceUploadResponse.class, bytes -> sent.accept(Math.min(1.0, (double) bytes / total)));
        }).exceptionallyCompose(error -> {
            VoiceUploadResponse refused = refusedUpload(error);
            return refused != null ? CompletableFuture.completedFuture(refused) : CompletableFuture.failedFuture(error);
        });
    }

    private @Nullable VoiceUploadResponse refusedUpload(Throwable error) {
        BackendException api = BackendException.of(error);
        if (api == null || api.status() != 422 || api.body().length == 0) {
            return null;
        }
        try {
            return client.json().readValue(api.body(), VoiceUploadResponse.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Starts processing every upload not processed yet. */
    public CompletableFuture<VoiceProcessJob> process() {
        return client.post(PROCESS, new VoiceProcessRequest(null), VoiceProcessJob.class);
    }

    public CompletableFuture<VoiceProcessJob> job(String jobId) {
        return client.get(PROCESS + "/" + jobId, VoiceProcessJob.class);
    }

    public CompletableFuture<CheckpointList> checkpoints() {
        return client.get(CHECKPOINTS, CheckpointList.class);
    }

    public CompletableFuture<TrainingRunInfo[]> runs() {
        return client.get(TRAIN, TrainingRunInfo[].class);
    }

    public CompletableFuture<TrainingRunInfo> run(long id) {
        return client.get(TRAIN + "/" + id, TrainingRunInfo.class);
    }

    /** The run's whole trainer log (train.log, then export.log). */
    public CompletableFuture<byte[]> log(long id) {
        return client.getBytes(TRAIN + "/" + id + "/log");
    }

    public CompletableFuture<TrainingRunInfo> train(TrainRequest request) {
        return client.post(TRAIN, request, TrainingRunInfo.class);
    }

    public CompletableFuture<TrainingRunInfo> cancel(long id) {
        return client.post(TRAIN + "/" + id + "/cancel", null, TrainingRunInfo.class);
    }

    public CompletableFuture<TrainingRunInfo> resume(long id) {
        return client.post(TRAIN + "/" + id + "/resume", null, TrainingRunInfo.class);
    }

    /** Exports a checkpoint as the run's voice (installed and given to the character). */
    public CompletableFuture<TrainingRunInfo> exportCheckpoint(long checkpointId) {
        return client.post(CHECKPOINTS + "/" + checkpointId + "/export", null, TrainingRunInfo.class);
    }
}
