package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.ChatCancelledException;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatFailedException;
import dev.vtubermiku.core.chat.ChatReply;
import dev.vtubermiku.core.chat.ChatRequest;
import dev.vtubermiku.core.chat.Exchange;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.core.voice.Utterance;
import dev.vtubermiku.protocol.ChatBody;
import dev.vtubermiku.protocol.ChatHistoryPage;
import dev.vtubermiku.protocol.ChatLogEntry;
import dev.vtubermiku.protocol.ChatResponse;
import dev.vtubermiku.protocol.GreetingResponse;
import dev.vtubermiku.protocol.Problem;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Chat over HTTP, and the chat history. */
final class ChatController {

    static final int MAX_MESSAGE_CHARS = 4000;
    static final int MAX_PAGE = 200;
    /** How often a waiting request checks whether its client hung up. */
    private static final long HANGUP_CHECK_MS = 50;

    private final ChatServices chat;
    private final ObjectMapper json;

    ChatController(ChatServices chat, ObjectMapper json) {
        this.chat = chat;
        this.json = json;
    }

    @OpenApi(path = "/api/chat", methods = HttpMethod.POST, tags = "chat",
            summary = "Say something to a character and get her reply",
            description = "Answers when the reply is complete; meanwhile /ws carries chat.message, chat.token (the reply "
                    + "as it streams, emotion tags removed) and chat.response, all with the same turn_id. Each exchange "
                    + "is stored in the history and remembered for later recall. character_id defaults to the active "
                    + "character. speak: true also synthesises the reply; while speech is unavailable audio_url is null "
                    + "and audio_error says why. If the client disconnects before the reply is complete, the LLM stream "
                    + "is cancelled and nothing is stored. 502: the LLM failed; 504: it did not answer in time.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ChatBody.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChatResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void chat(Context ctx) throws Exception {
        JsonNode node = JsonBodies.object(ctx, json); // malformed JSON and non-objects are 400s with their own wording
        // Jackson would turn 42 into "42" and "yes" into true; a chat line must be a string, speak a boolean.
        if (node.hasNonNull("message") && !node.get("message").isTextual()) {
            throw ProblemException.invalidParam("message", "must be a string");
        }
        if (node.hasNonNull("speak") && !node.get("speak").isBoolean()) {
            throw ProblemException.invalidParam("speak", "must be true or false");
        }
        ChatBody body = json.treeToValue(node, ChatBody.class);
        ChatRequest request = request(body.message(), body.characterId(), body.speak(), "http");
        ChatEngine.ChatTurn turn = chat.engine().start(request); // an unknown character is Problems' 404
        ChatReply reply;
        try (HangupWatch watch = HangupWatch.of(ctx)) {
            reply = await(turn, watch);
        }
        if (reply == null) {
            return; // the client is gone; nobody reads a response
        }
        ctx.json(new ChatResponse(reply.chatLogId(), reply.characterId(), reply.text(), reply.emotion().wire(),
                reply.audioUrl(), reply.latencyMs(), reply.turnId(), reply.audioError()));
    }

    /** The reply; null when the client hung up (the turn is then cancelled). */
    private static @Nullable ChatReply await(ChatEngine.ChatTurn turn, HangupWatch watch) throws InterruptedException {
        while (true) {
            try {
                return turn.result().get(HANGUP_CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (watch.hungUp()) {
                    turn.cancel("the HTTP client disconnected");
                }
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case ChatFailedException f -> throw ChatProblems.of(f);
                    case ChatCancelledException c -> {
                        return null;
                    }
                    case RuntimeException r -> throw r;
                    default -> throw new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                turn.cancel("the request was interrupted");
                throw e;
            }
        }
    }

    @OpenApi(path = "/api/characters/{id}/greeting", methods = HttpMethod.POST, tags = "chat",
            summary = "She says her greeting",
            description = "Speaks the character's greeting (her card's first message) through the one speaking path, as "
                    + "a spoken chat reply is: speech.started / speech.finished per chunk with origin greeting, and her "
                    + "audio to the /ws listeners. Answers at once; it plays after anything she is still saying. "
                    + "Nothing is stored in the chat history. 409: she has no greeting.",
            pathParams = @OpenApiParam(name = "id", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = GreetingResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void greet(Context ctx) {
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            id = 0;
        }
        if (id < 1) {
            throw ProblemException.invalidParam("id", "must be a positive whole number, not \"" + raw + "\"");
        }
        long character = id;
        Persona persona = chat.characters().find(id).orElseThrow(() -> new UnknownCharacterException(
                "There is no character " + character + " (or it was archived). GET /api/characters lists them."));
        Utterance greeting = chat.speaking().greet(persona);
        if (greeting == null) {
            throw new ProblemException(409, Problems.type("no-greeting"), "No greeting", persona.name()
                    + " has no greeting: give her one (PUT /api/characters/" + id + ", \"greeting\").", null);
        }
        ctx.status(202).json(new GreetingResponse(persona.id(), greeting.id(), persona.greeting()));
    }

    /** Validates a chat line from HTTP or /ws. */
    static ChatRequest request(@Nullable String message, @Nullable Long characterId, @Nullable Boolean speak, String origin) {
        if (message == null || message.isBlank()) {
            throw ProblemException.invalidParam("message", "must be a non-empty string");
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            throw ProblemException.invalidParam("message", "must be at most " + MAX_MESSAGE_CHARS + " characters");
        }
        if (characterId != null && characterId < 1) {
            throw ProblemException.invalidParam("character_id", "must be a positive character id");
        }
        return new ChatRequest(message.strip(), characterId, speak != null && speak, origin);
    }

    @OpenApi(path = "/api/chat/history", methods = HttpMethod.GET, tags = "chat",
            summary = "Stored exchanges, newest first, a page at a time",
            queryParams = {
                @OpenApiParam(name = "character_id", type = Long.class, description = "Only this character's (default: all)"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "1-200, default 50"),
                @OpenApiParam(name = "before", type = Long.class,
                        description = "Only exchanges with a smaller id: pass the previous page's next_before")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChatHistoryPage.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void history(Context ctx) {
        long characterId = Params.longParam(ctx, "character_id", -1, 1, Long.MAX_VALUE);
        int limit = (int) Params.longParam(ctx, "limit", 50, 1, MAX_PAGE);
        long before = Params.longParam(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        Long character = characterId < 0 ? null : characterId;
        List<Exchange> rows = chat.history().page(character, before, limit + 1);
        // An archived character's history stays readable; an id that never chatted and is not a character is a 404.
        if (character != null && rows.isEmpty() && chat.characters().find(character).isEmpty()) {
            throw new UnknownCharacterException("There is no character " + character + ". GET /api/characters lists them.");
        }
        boolean more = rows.size() > limit;
        List<ChatLogEntry> items = rows.stream().limit(limit)
                .map(e -> new ChatLogEntry(e.id(), e.characterId(), e.userMessage(), e.response(), e.emotion(),
                        e.audioFile(), e.timestamp(), e.interrupted()))
                .toList();
        ctx.json(new ChatHistoryPage(items, more ? items.getLast().id() : null));
    }
}
