package dev.vtubermiku.server.web;

import dev.vtubermiku.core.chat.Memory;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.protocol.MemoryEntry;
import dev.vtubermiku.protocol.MemoryForgetResponse;
import dev.vtubermiku.protocol.MemoryPage;
import dev.vtubermiku.protocol.Problem;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.util.List;

/** A character's long-term memory: inspect, search, forget. */
final class MemoryController {

    static final int MAX_PAGE = 200;

    private final ChatServices chat;

    MemoryController(ChatServices chat) {
        this.chat = chat;
    }

    @OpenApi(path = "/api/characters/{id}/memories", methods = HttpMethod.GET, tags = "chat",
            summary = "What a character remembers: newest first, or the best matches for q",
            description = "Every finished exchange is remembered (embedded in the background with all-MiniLM-L6-v2) and "
                    + "the ones closest in meaning to a new message are recalled into its prompt. With q the list is "
                    + "what would be recalled for q, best first, each with its score (cosine similarity).",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true, description = "Character id"),
            queryParams = {
                @OpenApiParam(name = "q", description = "Rank memories by closeness in meaning to this text"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "1-200, default 50"),
                @OpenApiParam(name = "before", type = Long.class, description = "Only memories with a smaller id (paging without q)")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = MemoryPage.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void list(Context ctx) {
        long id = character(ctx);
        int limit = (int) Params.longParam(ctx, "limit", 50, 1, MAX_PAGE);
        String q = ctx.queryParam("q");
        long total = chat.memory().count(id);
        if (q != null && !q.isBlank()) {
            if (q.length() > ChatController.MAX_MESSAGE_CHARS) {
                throw ProblemException.invalidParam("q", "must be at most " + ChatController.MAX_MESSAGE_CHARS + " characters");
            }
            List<MemoryEntry> items = chat.memory().search(id, q, limit).stream().map(m -> entry(m, true)).toList();
            ctx.json(new MemoryPage(items, total, null));
            return;
        }
        long before = Params.longParam(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        List<Memory> page = chat.memory().page(id, before, limit + 1);
        boolean more = page.size() > limit;
        List<MemoryEntry> items = page.stream().limit(limit).map(m -> entry(m, false)).toList();
        ctx.json(new MemoryPage(items, total, more ? items.getLast().id() : null));
    }

    @OpenApi(path = "/api/characters/{id}/memories", methods = HttpMethod.DELETE, tags = "chat",
            summary = "Forget everything a character remembers (the chat history stays)",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true, description = "Character id"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = MemoryForgetResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void forgetAll(Context ctx) {
        long id = character(ctx);
        ctx.json(new MemoryForgetResponse(chat.memory().forgetAll(id)));
    }

    @OpenApi(path = "/api/characters/{id}/memories/{memoryId}", methods = HttpMethod.DELETE, tags = "chat",
            summary = "Forget one memory",
            pathParams = {
                @OpenApiParam(name = "id", type = Long.class, required = true, description = "Character id"),
                @OpenApiParam(name = "memoryId", type = Long.class, required = true, description = "Memory id")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = MemoryForgetResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void forget(Context ctx) {
        long id = character(ctx);
        long memoryId = pathId(ctx, "memoryId");
        if (!chat.memory().forget(id, memoryId)) {
            throw ProblemException.notFound("Character " + id + " has no memory " + memoryId + ".");
        }
        ctx.json(new MemoryForgetResponse(1));
    }

    private long character(Context ctx) {
        long id = pathId(ctx, "id");
        if (chat.characters().find(id).isEmpty()) {
            throw new UnknownCharacterException(
                    "There is no character " + id + " (or it was archived). GET /api/characters lists them.");
        }
        return id;
    }

    private static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ProblemException.invalidParam(name, "must be a positive whole number");
        }
    }

    private static MemoryEntry entry(Memory m, boolean scored) {
        return new MemoryEntry(m.id(), m.characterId(), m.chatLogId(), m.userMessage(), m.response(), m.createdAt(),
                scored ? Math.round(m.score() * 1000) / 1000.0 : null);
    }
}
