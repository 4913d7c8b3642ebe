package dev.vtubermiku.server.llm;

import dev.vtubermiku.core.chat.LanguageModel;
import dev.vtubermiku.core.chat.Prompt;
import dev.vtubermiku.server.config.Settings;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The language model of the backend: each reply goes where {@link LlmRouter} says, so a changed
 * key, URL or model (POST /api/config) or an Ollama started later takes effect on the next reply.
 * The client for a route is built once and kept while the route stays the same.
 */
public final class RoutedLanguageModel implements LanguageModel {

    private final LlmRouter router;
    private final Supplier<Settings> settings;
    private final Executor io;
    private final EchoModel echo;
    private @Nullable Built built;

    private record Key(String baseUrl, String apiKey, String model, int maxTokens, Duration connectTimeout) {}

    private record Built(Key key, OpenAiCompatibleModel model) {}

    /** @param io runs the HTTP client's work and the echo; virtual threads suit it */
    public RoutedLanguageModel(LlmRouter router, Supplier<Settings> settings, Executor io) {
        this.router = router;
        this.settings = settings;
        this.io = io;
        this.echo = new EchoModel(io);
    }

    @Override
    public LlmStream stream(Prompt prompt, TokenSink sink) {
        return switch (router.route()) {
            case LlmRoute.Echo e -> echo.stream(prompt, sink);
            case LlmRoute.Remote r -> model(r).stream(prompt, sink);
        };
    }

    private synchronized OpenAiCompatibleModel model(LlmRoute.Remote route) {
        Settings s = settings.get();
        Key key = new Key(route.baseUrl(), route.apiKey(), route.model(), s.llmMaxTokens(), s.llmConnectTimeout());
        Built b = built;
        if (b == null || !b.key().equals(key)) {
            b = new Built(key, new OpenAiCompatibleModel(key.baseUrl(), key.apiKey(), key.model(), key.maxTokens(),
                    key.connectTimeout(), io));
            built = b;
        }
        return b.model();
    }
}
