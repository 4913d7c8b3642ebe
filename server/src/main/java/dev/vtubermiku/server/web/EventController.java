package dev.vtubermiku.server.web;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventJournal;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventPage;
import dev.vtubermiku.protocol.LogPage;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.server.logging.LogRing;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.util.List;

/** Stored events and recent log lines. */
final class EventController {

    static final int MAX_PAGE = 1000;

    private final EventJournal journal;
    private final LogRing logs;

    EventController(EventJournal journal, LogRing logs) {
        this.journal = journal;
        this.logs = logs;
    }

    @OpenApi(path = "/api/events", methods = HttpMethod.GET, tags = "events",
            summary = "Stored events after an id, oldest first",
            queryParams = {
                @OpenApiParam(name = "since", type = Long.class, description = "Only events with a greater id (default 0)"),
                @OpenApiParam(name = "type", description = "Comma-separated topic patterns such as chat.*,training.* (default all)"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "1-1000, default 100")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = EventPage.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void events(Context ctx) {
        long since = Params.longParam(ctx, "since", 0, 0, Long.MAX_VALUE);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, MAX_PAGE);
        TopicFilter filter = Params.topics(ctx, "type");
        List<Event> events = journal.readAfter(since, filter, limit + 1);
        boolean more = events.size() > limit;
        List<EventEnvelope> page = events.stream().limit(limit).map(Envelopes::of).toList();
        long lastId = page.isEmpty() ? since : page.getLast().id();
        ctx.json(new EventPage(page, lastId, more));
    }

    @OpenApi(path = "/api/logs", methods = HttpMethod.GET, tags = "events",
            summary = "Recent log lines from memory, oldest first",
            queryParams = {
                @OpenApiParam(name = "level", description = "Minimum level: TRACE, DEBUG, INFO, WARN, ERROR (default TRACE)"),
                @OpenApiParam(name = "q", description = "Text the message, logger or error must contain (case-insensitive)"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "1-5000, default 200")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = LogPage.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void logs(Context ctx) {
        String level = ctx.queryParam("level");
        if (level != null && !LogRing.levels().contains(LogRing.normalise(level))) {
            throw ProblemException.invalidParam("level", "must be one of TRACE, DEBUG, INFO, WARN, ERROR");
        }
        String q = ctx.queryParam("q");
        int limit = (int) Params.longParam(ctx, "limit", 200, 1, 5000);
        ctx.json(new LogPage(logs.query(level == null ? "TRACE" : level, q == null ? "" : q, limit)));
    }
}
