package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.VoiceClip;
import dev.vtubermiku.protocol.VoiceClipPage;
import dev.vtubermiku.protocol.VoiceClipUpdate;
import dev.vtubermiku.protocol.VoiceProcessEstimate;
import dev.vtubermiku.protocol.VoiceProcessJob;
import dev.vtubermiku.protocol.VoiceProcessRequest;
import dev.vtubermiku.protocol.VoiceUploadList;
import dev.vtubermiku.protocol.VoiceUploadResponse;
import dev.vtubermiku.server.training.VoiceException;
import dev.vtubermiku.server.training.VoiceTraining;
import dev.vtubermiku.server.training.VoiceUploads;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiContentProperty;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Voice training data: uploads, the processing job, and the clips it makes. */
final class VoiceController {

    private final VoiceTraining voice;
    private final ObjectMapper json;

    VoiceController(VoiceTraining voice, ObjectMapper json) {
        this.voice = voice;
        this.json = json;
    }

    @OpenApi(path = "/api/voice/upload", methods = HttpMethod.POST, tags = "voice training",
            summary = "Upload recordings of a voice (WAV, MP3, Ogg Vorbis, FLAC), one or many",
            description = "Multipart form: any number of file fields (`file` or `files`), optional `speaker` and `character_id`. "
                    + "Each file is checked by decoding it, not by its name, against UPLOAD_MAX_MB and VOICE_UPLOAD_MAX_SECONDS, "
                    + "and stored under DATA_DIR/voice/uploads with an id the server makes (the client's file name is only "
                    + "a label; names that look like paths are refused). Files are judged one by one: the answer lists each "
                    + "with its `upload_id`, or its `error` and `message`; refused files leave nothing behind. 201 when at "
                    + "least one file was stored, 422 when none was.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(mimeType = "multipart/form-data",
                    properties = {
                        @OpenApiContentProperty(name = "file", type = "string", format = "binary"),
                        @OpenApiContentProperty(name = "speaker", type = "string"),
                        @OpenApiContentProperty(name = "character_id", type = "integer")
                    })),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = VoiceUploadResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "415", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = VoiceUploadResponse.class))
            })
    void upload(Context ctx) throws IOException {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ProblemException(415, Problems.type("unsupported-media-type"), "Unsupported media type",
                    "Send the recordings as multipart/form-data, one file field per recording.", null);
        }
        List<UploadedFile> files = MultipartForms.files(ctx);
        if (files.isEmpty()) {
            throw ProblemException.invalidParam("file", "is missing: send each recording as a multipart file field");
        }
        String speaker = ctx.formParam("speaker");
        Long characterId = null;
        String rawCharacter = ctx.formParam("character_id");
        if (rawCharacter != null && !rawCharacter.isBlank()) {
            try {
                characterId = Long.parseLong(rawCharacter.trim());
            } catch (NumberFormatException e) {
                throw ProblemException.invalidParam("character_id", "must be a whole number");
            }
        }
        if (speaker != null && speaker.length() > 100) {
            throw ProblemException.invalidParam("speaker", "must be at most 100 characters");
        }
        List<VoiceUploads.Recording> recordings = new ArrayList<>();
        for (UploadedFile f : files) {
            try (InputStream in = f.content()) {
                recordings.add(new VoiceUploads.Recording(f.filename(), Bodies.readExactly(in, f.size())));
            }
        }
        Long character = characterId;
        List<VoiceUploads.Outcome> outcomes = voice.uploads().store(recordings, speaker, character);
        List<VoiceUploadResponse.File> answer = outcomes.stream().map(VoiceUploads.Outcome::answer).toList();
        int accepted = (int) answer.stream().filter(f -> f.uploadId() != null).count();
        ctx.status(accepted > 0 ? 201 : 422).json(new VoiceUploadResponse(answer, accepted, answer.size() - accepted));
    }

    @OpenApi(path = "/api/voice/uploads", methods = HttpMethod.GET, tags = "voice training",
            summary = "The stored recordings, oldest first, and whether each has been processed",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = VoiceUploadList.class)))
    void uploads(Context ctx) {
        ctx.json(voice.uploads().listing());
    }

    @OpenApi(path = "/api/voice/process", methods = HttpMethod.POST, tags = "voice training",
            summary = "Cut uploads into training clips, in the background",
            description = "Body `{\"upload_ids\": [...]}`; without ids, every upload not processed yet. Answers 202 with the job; "
                    + "`GET /api/voice/process/{job_id}` follows it and every clip made is an `audio.processed` event. "
                    + "Each upload is decoded, mixed to mono, high-passed (DC, rumble), loudness-normalised, split on "
                    + "voice activity into 1-15 s clips, edge-trimmed (keeping ~100 ms), resampled to 22050 Hz 16-bit, "
                    + "transcribed by Whisper (without a model: kept and flagged needs_transcript) and graded. Processing "
                    + "an upload again adds only clips it does not have yet.",
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = VoiceProcessRequest.class)),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = VoiceProcessJob.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void process(Context ctx) throws IOException {
        VoiceProcessRequest request = ctx.req().getContentLengthLong() == 0 ? new VoiceProcessRequest(null)
                : json.treeToValue(JsonBodies.object(ctx, json), VoiceProcessRequest.class);
        ctx.status(202).json(voice.jobs().start(request.uploadIds()));
    }

    @OpenApi(path = "/api/voice/estimate", methods = HttpMethod.GET, tags = "voice training",
            summary = "Expected processing time: an hour of recordings, and the uploads waiting",
            description = "From the throughput this backend measured on the uploads it processed since it started (recording "
                    + "seconds per second); the expected times are null until one upload has been processed.",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = VoiceProcessEstimate.class)))
    void estimate(Context ctx) {
        ctx.json(voice.jobs().estimate());
    }

    @OpenApi(path = "/api/voice/process/{job_id}", methods = HttpMethod.GET, tags = "voice training",
            summary = "A processing job: state, uploads done, clips made, errors",
            pathParams = @OpenApiParam(name = "job_id", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = VoiceProcessJob.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void job(Context ctx) {
        String id = ctx.pathParam("job_id");
        ctx.json(voice.jobs().find(id).orElseThrow(() -> ProblemException.notFound("There is no processing job " + id + ".")));
    }

    @OpenApi(path = "/api/voice/clips", methods = HttpMethod.GET, tags = "voice training",
            summary = "Training clips, oldest first, filtered by speaker, grade, included, upload or needs_transcript",
            queryParams = {
                @OpenApiParam(name = "speaker"),
                @OpenApiParam(name = "grade", description = "good, fair or poor"),
                @OpenApiParam(name = "included", type = Boolean.class),
                @OpenApiParam(name = "upload_id"),
                @OpenApiParam(name = "needs_transcript", type = Boolean.class),
                @OpenApiParam(name = "after", type = Long.class, description = "next_after of the previous page"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "1-500, default 100")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = VoiceClipPage.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void clips(Context ctx) {
        String included = ctx.queryParam("included");
        Boolean inc = included == null || included.isBlank() ? null : Params.booleanParam(ctx, "included", true);
        String needs = ctx.queryParam("needs_transcript");
        Boolean needsTranscript = needs == null || needs.isBlank() ? null : Params.booleanParam(ctx, "needs_transcript", true);
        ctx.json(voice.clips().list(blank(ctx.queryParam("speaker")), blank(ctx.queryParam("grade")), inc,
                blank(ctx.queryParam("upload_id")), needsTranscript, Params.longParam(ctx, "after", 0, 0, Long.MAX_VALUE),
                (int) Params.longParam(ctx, "limit", 100, 1, 500)));
    }

    @OpenApi(path = "/api/voice/clips/{id}", methods = HttpMethod.GET, tags = "voice training", summary = "One clip",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = VoiceClip.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void clip(Context ctx) {
        long id = id(ctx);
        ctx.json(voice.clips().get(id));
    }

    @OpenApi(path = "/api/voice/clips/{id}", methods = HttpMethod.PATCH, tags = "voice training",
            summary = "Edit a clip: transcript, emotion, included",
            description = "Only the fields given change. A transcript clears needs_transcript; an empty one sets it again.",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = VoiceClipUpdate.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = VoiceClip.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void editClip(Context ctx) throws IOException {
        long id = id(ctx);
        VoiceClipUpdate update = json.treeToValue(JsonBodies.object(ctx, json), VoiceClipUpdate.class);
        ctx.json(voice.clips().update(id, update));
    }

    @OpenApi(path = "/api/voice/clips/{id}", methods = HttpMethod.DELETE, tags = "voice training",
            summary = "Delete a clip and its audio (its upload stays)",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "204"),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void deleteClip(Context ctx) {
        long id = id(ctx);
        voice.clips().delete(id);
        ctx.status(204);
    }

    @OpenApi(path = "/api/voice/clips/{id}/audio", methods = HttpMethod.GET, tags = "voice training",
            summary = "A clip's audio: 22050 Hz 16-bit mono WAV",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "audio/wav", type = "string", format = "binary")),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void clipAudio(Context ctx) throws IOException {
        long id = id(ctx);
        ctx.contentType("audio/wav").result(voice.clips().audio(id));
    }

    static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("There is no " + ctx.pathParam("id") + " here.");
        }
    }

    private static @Nullable String blank(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
