package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.CheckpointList;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.protocol.TrainingRunInfo;
import dev.vtubermiku.server.training.TrainingRuns;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.io.IOException;

/** Training runs: start, follow, cancel, resume; checkpoints and their export. */
final class TrainingController {

    private final TrainingRuns runs;
    private final ObjectMapper json;

    TrainingController(TrainingRuns runs, ObjectMapper json) {
        this.runs = runs;
        this.json = json;
    }

    @OpenApi(path = "/api/voice/train", methods = HttpMethod.POST, tags = "voice training",
            summary = "Train a Piper voice from the included clips (one run at a time)",
            description = "Fine-tunes `base_checkpoint` with piper1-gpl (`PIPER_TRAIN_PYTHON -m piper.train fit`). Answers 201 "
                    + "with the run (status queued); then preparing (dataset export), training (`training.progress` events "
                    + "`{run_id, epoch, step, loss, eta_s}`, a `models` row per checkpoint), exporting (ONNX and config), and "
                    + "ready: the voice is installed in MODELS_DIR/piper, loaded, given to the character (`model.saved`, "
                    + "`training.completed`). A failure is `training.failed` with the error, a hint and the trainer's last "
                    + "lines. Defaults: epochs 100, batch_size 16, quality medium, espeak_voice en-us. 409 while another run "
                    + "is active; 422 with too little audio (VOICE_MIN_TRAIN_SECONDS) or a checkpoint not downloaded.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = TrainRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = TrainingRunInfo.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void train(Context ctx) throws IOException {
        TrainRequest request = json.treeToValue(JsonBodies.object(ctx, json), TrainRequest.class);
        ctx.status(201).json(runs.start(request));
    }

    @OpenApi(path = "/api/voice/train", methods = HttpMethod.GET, tags = "voice training", summary = "Every training run, oldest first",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = TrainingRunInfo[].class)))
    void list(Context ctx) {
        ctx.json(runs.list());
    }

    @OpenApi(path = "/api/voice/train/{id}", methods = HttpMethod.GET, tags = "voice training",
            summary = "A training run: status, epochs, loss, time left, voice, and why it failed",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TrainingRunInfo.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void get(Context ctx) {
        long id = VoiceController.id(ctx);
        ctx.json(runs.info(id));
    }

    @OpenApi(path = "/api/voice/train/{id}/log", methods = HttpMethod.GET, tags = "voice training",
            summary = "A run's whole trainer log (train.log, then export.log) as plain text",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "text/plain", type = "string")),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void log(Context ctx) {
        long id = VoiceController.id(ctx);
        ctx.contentType("text/plain; charset=utf-8").result(runs.log(id));
    }

    @OpenApi(path = "/api/voice/train/{id}/cancel", methods = HttpMethod.POST, tags = "voice training",
            summary = "Cancel a running training run; ends the trainer and every process it started",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TrainingRunInfo.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void cancel(Context ctx) {
        long id = VoiceController.id(ctx);
        ctx.json(runs.cancel(id));
    }

    @OpenApi(path = "/api/voice/train/{id}/resume", methods = HttpMethod.POST, tags = "voice training",
            summary = "Continue an interrupted, failed or cancelled run from its last checkpoint",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = TrainingRunInfo.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void resume(Context ctx) {
        long id = VoiceController.id(ctx);
        ctx.status(202).json(runs.resume(id));
    }

    @OpenApi(path = "/api/voice/checkpoints", methods = HttpMethod.GET, tags = "voice training",
            summary = "The checkpoints training runs wrote",
            queryParams = @OpenApiParam(name = "run_id", type = Long.class, description = "only this run's"),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = CheckpointList.class)))
    void checkpoints(Context ctx) {
        String raw = ctx.queryParam("run_id");
        Long runId = raw == null || raw.isBlank() ? null : Params.longParam(ctx, "run_id", 0, 1, Long.MAX_VALUE);
        ctx.json(runs.checkpoints(runId));
    }

    @OpenApi(path = "/api/voice/checkpoints/{id}/export", methods = HttpMethod.POST, tags = "voice training",
            summary = "Export a chosen checkpoint as the run's voice (ONNX, config, installed, given to the character)",
            description = "Answers 202; `model.saved` and `training.completed` (or `training.failed`) follow.",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = TrainingRunInfo.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void exportCheckpoint(Context ctx) {
        long id = VoiceController.id(ctx);
        ctx.status(202).json(runs.exportCheckpoint(id));
    }
}
