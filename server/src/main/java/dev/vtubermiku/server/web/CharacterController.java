package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.CharacterRemoval;
import dev.vtubermiku.protocol.CharacterRequest;
import dev.vtubermiku.protocol.CharacterSwitched;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.SwitchCharacterRequest;
import dev.vtubermiku.server.character.Characters;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Characters: list, edit, archive, switch, and SillyTavern cards in and out. */
final class CharacterController {

    /** Card PNGs carry a picture; a few megabytes is usual, 16 MB is generous. */
    static final int MAX_CARD_BYTES = 16 * 1024 * 1024;

    private final Characters characters;
    private final ObjectMapper json;

    CharacterController(Characters characters, ObjectMapper json) {
        this.characters = characters;
        this.json = json;
    }

    @OpenApi(path = "/api/characters", methods = HttpMethod.GET, tags = "characters",
            summary = "The characters, oldest first; `active` marks the one chat uses by default",
            queryParams = @OpenApiParam(name = "include_archived", type = Boolean.class,
                    description = "Also list archived characters (default false)"),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = CharacterInfo[].class)))
    void list(Context ctx) {
        ctx.json(characters.list(Params.booleanParam(ctx, "include_archived", false)));
    }

    @OpenApi(path = "/api/characters/{id}", methods = HttpMethod.GET, tags = "characters",
            summary = "One character (archived ones too)",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = CharacterInfo.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void get(Context ctx) {
        ctx.json(characters.get(id(ctx)));
    }

    @OpenApi(path = "/api/characters", methods = HttpMethod.POST, tags = "characters",
            summary = "Create a character",
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = CharacterRequest.class), required = true),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = CharacterInfo.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void create(Context ctx) throws IOException {
        CharacterInfo created = characters.create(JsonBodies.read(ctx, json, CharacterRequest.class));
        ctx.status(201).header("Location", "/api/characters/" + created.id()).json(created);
    }

    @OpenApi(path = "/api/characters/{id}", methods = HttpMethod.PUT, tags = "characters",
            summary = "Replace a character's fields (card fields we do not show are kept)",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = CharacterRequest.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = CharacterInfo.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void update(Context ctx) throws IOException {
        long id = id(ctx);
        ctx.json(characters.update(id, JsonBodies.read(ctx, json, CharacterRequest.class)));
    }

    @OpenApi(path = "/api/characters/{id}", methods = HttpMethod.DELETE, tags = "characters",
            summary = "Delete a character; one with chat logs, memories or trained voices is archived instead, with her history",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = CharacterRemoval.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "409", description = "She is the only character left",
                        content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void delete(Context ctx) {
        ctx.json(characters.remove(id(ctx)));
    }

    @OpenApi(path = "/api/characters/{id}/restore", methods = HttpMethod.POST, tags = "characters",
            summary = "Bring an archived character back",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = CharacterInfo.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void restore(Context ctx) {
        ctx.json(characters.restore(id(ctx)));
    }

    @OpenApi(path = "/api/switch_character", methods = HttpMethod.POST, tags = "characters",
            summary = "Make a character the active one (survives a restart); emits character.switched",
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = SwitchCharacterRequest.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = CharacterSwitched.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void switchCharacter(Context ctx) throws IOException {
        SwitchCharacterRequest request = JsonBodies.read(ctx, json, SwitchCharacterRequest.class);
        if (request.characterId() == null) {
            throw ProblemException.invalidParam("character_id", "is required");
        }
        ctx.json(characters.switchTo(request.characterId()));
    }

    @OpenApi(path = "/api/characters/import", methods = HttpMethod.POST, tags = "characters",
            summary = "Import a SillyTavern character card (V1/V2/V3): JSON, or PNG with the card in its chara/ccv3 chunk; "
                    + "as the raw body or as multipart field `file`",
            requestBody = @OpenApiRequestBody(content = {
                @OpenApiContent(mimeType = "application/json", type = "object"),
                @OpenApiContent(mimeType = "image/png", type = "string", format = "binary"),
                @OpenApiContent(mimeType = "multipart/form-data", type = "object")
            }, required = true),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = CharacterInfo.class)),
                @OpenApiResponse(status = "400", description = "Not a readable card",
                        content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "415", description = "Neither JSON nor PNG",
                        content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void importCard(Context ctx) throws IOException {
        byte[] card;
        if (ctx.isMultipartFormData()) {
            long length = ctx.req().getContentLengthLong();
            if (length < 0) {
                throw new ProblemException(411, "about:blank", "Length Required",
                        "A multipart upload needs a Content-Length header.", null);
            }
            if (length > MAX_CARD_BYTES + 64 * 1024) {
                throw Bodies.tooLarge(MAX_CARD_BYTES);
            }
            List<UploadedFile> files = MultipartForms.files(ctx);
            if (files.size() != 1) {
                throw ProblemException.invalidParam("file", "must be exactly one card file (got " + files.size() + ")");
            }
            try (InputStream in = files.getFirst().content()) {
                card = Bodies.readAtMost(in, MAX_CARD_BYTES);
            }
        } else {
            card = Bodies.read(ctx, MAX_CARD_BYTES);
        }
        if (card.length == 0) {
            throw ProblemException.badRequest("The request carries no card: send the JSON or PNG file as the body.");
        }
        CharacterInfo imported = characters.importCard(card);
        ctx.status(201).header("Location", "/api/characters/" + imported.id()).json(imported);
    }

    @OpenApi(path = "/api/characters/{id}/card", methods = HttpMethod.GET, tags = "characters",
            summary = "Export a character as a SillyTavern card (V2; V3 for characters imported from V3)",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            queryParams = @OpenApiParam(name = "format", description = "json (default) or png (the card inside her picture)"),
            responses = {
                @OpenApiResponse(status = "200", content = {
                    @OpenApiContent(mimeType = "application/json", type = "object"),
                    @OpenApiContent(mimeType = "image/png", type = "string", format = "binary")
                }),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void exportCard(Context ctx) throws IOException {
        long id = id(ctx);
        String format = ctx.queryParam("format");
        if (format == null || format.equalsIgnoreCase("json")) {
            ctx.header("Content-Disposition", attachment(characters.fileName(id, "json")));
            ctx.contentType("application/json").result(json.writeValueAsBytes(characters.cardJson(id)));
        } else if (format.equalsIgnoreCase("png")) {
            byte[] png = characters.cardPng(id);
            ctx.header("Content-Disposition", attachment(characters.fileName(id, "png")));
            ctx.contentType("image/png").result(png);
        } else {
            throw ProblemException.invalidParam("format", "must be json or png");
        }
    }

    static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidParam("id", "must be a positive whole number, not \"" + raw + "\"");
    }

    private static String attachment(String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(fileName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
