package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.AvatarExpressionsRequest;
import dev.vtubermiku.protocol.AvatarInfo;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.server.avatar.Avatars;
import dev.vtubermiku.server.config.RuntimeConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Her avatar on stream: upload, describe, remove, its files, and the emotion mapping (CONTRACTS §2). */
final class AvatarController {

    /** Where Jetty spools an avatar upload while it is checked, under DATA_DIR; it deletes the parts when the request ends. */
    static final String SPOOL = "tmp/avatar-uploads";
    /** Parts up to this size stay in memory; larger ones (a VRM) go to a temporary file. */
    private static final int IN_MEMORY = 1024 * 1024;

    private final Avatars avatars;
    private final RuntimeConfig config;
    private final ObjectMapper json;

    AvatarController(Avatars avatars, RuntimeConfig config, ObjectMapper json) {
        this.avatars = avatars;
        this.config = config;
        this.json = json;
    }

    /**
     * Before an upload is read: refuses one that says it is too large, and has its parts spooled to
     * a temporary folder under DATA_DIR rather than held in memory (the server-wide multipart setting).
     */
    void beforeUpload(Context ctx) {
        if (ctx.method() != HandlerType.PUT) {
            return;
        }
        long max = config.current().avatarMaxBytes();
        long length = ctx.req().getContentLengthLong();
        if (length > max + 64 * 1024) {
            throw new ProblemException(413, Problems.type("payload-too-large"), "Content too large", "The upload is "
                    + length / (1024 * 1024) + " MB; an avatar may be at most " + max / (1024 * 1024) + " MB (AVATAR_MAX_MB).", null);
        }
        Path spool = config.current().dataDir().resolve(SPOOL);
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + spool, e);
        }
        ctx.req().setAttribute("org.eclipse.jetty.multipartConfig",
                new MultipartConfigElement(spool.toString(), max, max + 64 * 1024, IN_MEMORY));
    }

    @OpenApi(path = "/api/characters/{id}/avatar", methods = HttpMethod.GET, tags = "avatars",
            summary = "How she appears on stream: vrm, sprites, image, or portrait (nothing uploaded), with its expressions, "
                    + "files and the emotion mapping",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = AvatarInfo.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void describe(Context ctx) {
        ctx.json(avatars.describe(CharacterController.id(ctx)));
    }

    @OpenApi(path = "/api/characters/{id}/avatar", methods = HttpMethod.PUT, tags = "avatars",
            summary = "Upload her avatar as multipart field `file`: a VRM model (.vrm, 0.x or 1.0), a sprite pack "
                    + "(.zip of <label>.png|webp|jpg, SillyTavern's expression layout) or a PNG/JPEG/WebP picture; "
                    + "emits avatar.changed. Nothing is kept when it is refused.",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(mimeType = "multipart/form-data", type = "object"),
                    required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = AvatarInfo.class)),
                @OpenApiResponse(status = "400", description = "Not a well-formed model, pack or picture",
                        content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "413", description = "Over AVATAR_MAX_MB, too many sprites, too many pixels",
                        content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "415", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void upload(Context ctx) throws IOException {
        long id = CharacterController.id(ctx);
        avatars.describe(id); // a 404 before the body is read
        if (!ctx.isMultipartFormData()) {
            throw new ProblemException(415, Problems.type("unsupported-avatar"), "Unsupported Media Type",
                    "Send the avatar as multipart/form-data with the file in the field \"file\".", null);
        }
        try {
            store(ctx, id);
        } finally {
            deleteSpooled(ctx);
        }
    }

    private void store(Context ctx, long id) throws IOException {
        List<UploadedFile> files = MultipartForms.files(ctx, "file");
        if (files.size() != 1) {
            throw ProblemException.invalidParam("file", "must be exactly one file (got " + files.size() + ")");
        }
        UploadedFile file = files.getFirst();
        ctx.json(avatars.store(id, new Avatars.Upload() {
            @Override
            public String fileName() {
                return file.filename();
            }

            @Override
            public long size() {
                return file.size();
            }

            @Override
            public InputStream open() {
                return file.content(); // each call reads the part again, from memory or its spool file
            }
        }, config.current().avatarMaxBytes()));
    }

    /**
     * Deletes the parts Jetty spooled to disk now, before the answer goes out, rather than when
     * the request completes: refused or stored, nothing of the upload stays in the spool.
     */
    private static void deleteSpooled(Context ctx) {
        try {
            for (jakarta.servlet.http.Part part : ctx.req().getParts()) {
                part.delete();
            }
        } catch (IOException | jakarta.servlet.ServletException | RuntimeException e) {
            // a body that never parsed spooled nothing
        }
    }

    @OpenApi(path = "/api/characters/{id}/avatar", methods = HttpMethod.DELETE, tags = "avatars",
            summary = "Remove her uploaded avatar: she is shown by her portrait again; emits avatar.changed",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "204"),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void remove(Context ctx) {
        avatars.remove(CharacterController.id(ctx));
        ctx.status(204);
    }

    @OpenApi(path = "/api/characters/{id}/avatar/files/{name}", methods = HttpMethod.GET, tags = "avatars",
            summary = "One file of her avatar, as listed in its `files` (her portrait: portrait.png or portrait.svg)",
            pathParams = {
                @OpenApiParam(name = "id", type = Long.class, required = true),
                @OpenApiParam(name = "name", required = true)
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "application/octet-stream", type = "string",
                        format = "binary")),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void file(Context ctx) throws IOException {
        long id = CharacterController.id(ctx);
        String name = ctx.pathParam("name");
        Avatars.Served served = avatars.file(id, name)
                .orElseThrow(() -> ProblemException.notFound("Her avatar has no file named \"" + name.replaceAll("\\p{Cntrl}", "?") + "\"."));
        // Names are reused by the next upload (model.vrm), so a client asks again each time.
        ctx.contentType(served.mediaType()).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .result(served.content());
    }

    @OpenApi(path = "/api/characters/{id}/avatar/expressions", methods = HttpMethod.PUT, tags = "avatars",
            summary = "Edit which expression (VRM) or sprite shows each of her emotions; emits avatar.changed",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = AvatarExpressionsRequest.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = AvatarInfo.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void remap(Context ctx) throws IOException {
        long id = CharacterController.id(ctx);
        AvatarExpressionsRequest request = JsonBodies.read(ctx, json, AvatarExpressionsRequest.class);
        if (request.expressionMap() == null) {
            throw ProblemException.invalidParam("expression_map", "is required");
        }
        ctx.json(avatars.remap(id, request.expressionMap()));
    }
}
