package dev.vtubermiku.server.web;

import dev.vtubermiku.protocol.ModelList;
import dev.vtubermiku.protocol.ModelList.ModelFileInfo;
import dev.vtubermiku.protocol.ModelList.ModelInfo;
import dev.vtubermiku.protocol.ModelList.PullStatus;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.server.models.ModelEntry;
import dev.vtubermiku.server.models.ModelLibrary;
import dev.vtubermiku.server.models.ModelStatus;
import dev.vtubermiku.server.models.PullJob;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The model catalog with what is installed, and pulls. */
final class ModelController {

    private final ModelLibrary library;

    ModelController(ModelLibrary library) {
        this.library = library;
    }

    @OpenApi(path = "/api/models", methods = HttpMethod.GET, tags = "models",
            summary = "The downloadable models, what of them is installed, and pulls running now",
            description = "Every catalog model (Piper voices, whisper.cpp models, Silero VAD) with its files, sizes, "
                    + "published checksums and state: missing, partial, installed, verified or corrupt. "
                    + "Installed files count as verified once a pull or `./vtuber models verify` checked them and "
                    + "they have not changed since.",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = ModelList.class)))
    void list(Context ctx) {
        List<ModelInfo> models = library.catalog().entries().stream().map(this::info).toList();
        ctx.json(new ModelList(library.modelsDir().toAbsolutePath().normalize().toString(),
                library.mirror().map(URI::toString).orElse(null), models));
    }

    @OpenApi(path = "/api/models/{name}/pull", methods = HttpMethod.POST, tags = "models",
            summary = "Download a model in the background",
            description = "Answers 202 at once with the pull. Progress follows as `model.progress` events (a few per "
                    + "second, not stored), then `model.saved` or `model.failed` with the reason. A pull of a model "
                    + "that is already being pulled joins it: the same job_id, `joined: true`. Interrupted downloads "
                    + "resume; files are checked against their published checksum before they take their final name.",
            pathParams = @OpenApiParam(name = "name", required = true,
                    description = "A catalog name, e.g. en_US-amy-medium, whisper-base.en, whisper-tiny-q5_1, silero-vad"),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = PullStatus.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void pull(Context ctx) {
        String name = ctx.pathParam("name");
        ModelEntry entry = library.catalog().find(name).orElseThrow(() -> unknown(name));
        ModelLibrary.Pull pull = library.pull(entry);
        ctx.status(202).json(status(pull.job(), pull.joined()));
    }

    private ProblemException unknown(String name) {
        List<String> close = library.catalog().closeTo(name, 5);
        String hint = close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?";
        return new ProblemException(404, Problems.type("unknown-model"), "Unknown model",
                "There is no model named '" + name + "' in the catalog." + hint + " GET /api/models lists every name.", null);
    }

    private ModelInfo info(ModelEntry entry) {
        ModelStatus status = library.status(entry);
        List<ModelFileInfo> files = status.files().stream()
                .map(f -> new ModelFileInfo(entry.kind().folder() + "/" + f.file().file(), f.file().url().toString(),
                        f.file().size(), f.file().checksum().algorithm().wire(), f.file().checksum().hex(), f.state().wire()))
                .toList();
        @Nullable PullStatus pull = library.running(entry.name()).map(job -> status(job, false)).orElse(null);
        return new ModelInfo(entry.name(), entry.kind().folder(), entry.description(), entry.isDefault(), entry.size(),
                status.state().wire(), status.installedBytes(), entry.checksumSource(), files, pull);
    }

    private static PullStatus status(PullJob job, boolean joined) {
        var progress = job.progress();
        return new PullStatus(job.id(), job.entry().name(), job.state().wire(), progress.bytesDone(), progress.bytesTotal(),
                joined, job.error());
    }
}
