package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.AudienceBlockBody;
import dev.vtubermiku.protocol.AudienceBlockResult;
import dev.vtubermiku.protocol.AudienceHoldBody;
import dev.vtubermiku.protocol.AudienceQueueItem;
import dev.vtubermiku.protocol.AudienceQueueView;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.server.audience.AudiencePipeline;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.RuntimeConfig;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Her audience over HTTP: the queue, answer now, skip, block a viewer, hold (a Stream Deck or a script drives these). */
final class AudienceController {

    static final int MAX_USER_CHARS = 100;

    private final AudiencePipeline audience;
    private final RuntimeConfig config;
    private final ObjectMapper json;

    AudienceController(AudiencePipeline audience, RuntimeConfig config, ObjectMapper json) {
        this.audience = audience;
        this.config = config;
        this.json = json;
    }

    @OpenApi(path = "/api/audience/queue", methods = HttpMethod.GET, tags = "audience",
            summary = "Viewers' messages waiting for her answer, best first, with why each is there",
            description = "state says what she does next: ready, empty, hold, streamer (the streamer has the floor), "
                    + "answering or cooldown. Live chat itself arrives on /ws as audience.message events.",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = AudienceQueueView.class)))
    void queue(Context ctx) {
        ctx.json(audience.view());
    }

    @OpenApi(path = "/api/audience/queue/{id}/answer", methods = HttpMethod.POST, tags = "audience",
            summary = "Answer this message next",
            description = "It goes first and ignores Hold and the cool-down, but still waits until the streamer's own "
                    + "turn is over. 202: accepted; audience.selected and her reply follow on /ws.",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true, description = "Queue item id"),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = AudienceQueueItem.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void answer(Context ctx) {
        long id = id(ctx);
        AudienceQueueItem item = audience.answerNow(id).orElseThrow(() -> gone(id));
        ctx.status(202).json(item);
    }

    @OpenApi(path = "/api/audience/queue/{id}/skip", methods = HttpMethod.POST, tags = "audience",
            summary = "Take a message off the queue (audience.skipped, reason skipped)",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true, description = "Queue item id"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = AudienceQueueItem.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void skip(Context ctx) {
        long id = id(ctx);
        ctx.json(audience.skip(id).orElseThrow(() -> gone(id)));
    }

    @OpenApi(path = "/api/audience/block", methods = HttpMethod.POST, tags = "audience",
            summary = "Block a viewer: their queued messages go, later ones are skipped",
            description = "user: a queue item's user (platform:user-id) or a display name. Kept in AUDIENCE_BLOCKED_USERS "
                    + "(saved to .env), so the block outlives a restart.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = AudienceBlockBody.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = AudienceBlockResult.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void block(Context ctx) throws Exception {
        JsonNode node = JsonBodies.object(ctx, json);
        if (!node.path("user").isTextual()) {
            throw ProblemException.invalidParam("user", "must be a string: platform:user-id or a display name");
        }
        AudienceBlockBody body = json.treeToValue(node, AudienceBlockBody.class);
        String user = body.user().strip();
        if (user.isEmpty() || user.length() > MAX_USER_CHARS || user.contains(",")
                || user.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            throw ProblemException.invalidParam("user", "must be 1-" + MAX_USER_CHARS
                    + " characters without commas or control characters");
        }
        List<Long> removed = audience.block(user);
        Set<String> all = new LinkedHashSet<>();
        for (String u : config.current().get(ConfigKey.AUDIENCE_BLOCKED_USERS).split(",")) {
            if (!u.isBlank()) {
                all.add(u.strip());
            }
        }
        all.add(user);
        String joined = String.join(",", all);
        if (joined.length() <= 20_000) {
            config.update(Map.of(ConfigKey.AUDIENCE_BLOCKED_USERS, joined));
        }
        ctx.json(new AudienceBlockResult(user, removed));
    }

    @OpenApi(path = "/api/audience/hold", methods = HttpMethod.PUT, tags = "audience",
            summary = "Hold her answers to viewers (true) or let them go on (false)",
            description = "Takes effect at once: a reply still being written is given up and its message waits again. "
                    + "Saved as AUDIENCE_HOLD.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = AudienceHoldBody.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = AudienceQueueView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void hold(Context ctx) throws Exception {
        JsonNode node = JsonBodies.object(ctx, json);
        if (!node.path("hold").isBoolean()) {
            throw ProblemException.invalidParam("hold", "must be true or false");
        }
        boolean on = node.get("hold").asBoolean();
        audience.hold(on); // at once, before the setting is saved
        config.update(Map.of(ConfigKey.AUDIENCE_HOLD, Boolean.toString(on)));
        ctx.json(audience.view());
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw ProblemException.invalidParam("id", "must be a positive queue item id");
    }

    private static ProblemException gone(long id) {
        return ProblemException.notFound("There is no message " + id + " in the audience queue (answered, skipped or "
                + "too old). GET /api/audience/queue lists them.");
    }
}
