package dev.vtubermiku.server.probe;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.llm.LlmRoute;
import dev.vtubermiku.server.llm.LlmRouter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Asks the configured OpenAI-compatible endpoint for its model list: reachable, and the key accepted. */
public final class LlmProbe implements ServiceProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final Supplier<Settings> settings;
    private final LlmRouter router;
    private @Nullable HttpClient http;

    public LlmProbe(Supplier<Settings> settings, LlmRouter router) {
        this.settings = settings;
        this.router = router;
    }

    /**
     * Built on first use, on the probe's thread: building one loads the TLS trust store, which cost
     * start-up ~100 ms on the main thread, and is not needed at all while no LLM is configured.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    @Override
    public ServiceId service() {
        return ServiceId.LLM;
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public ServiceHealth check() {
        Settings s = settings.get();
        if (s.llmUnconfigured()) {
            // Chat still answers: through a local Ollama if one runs, else through the offline echo.
            return switch (router.refresh()) {
                case LlmRoute.Remote local -> ServiceHealth.ok(ServiceId.LLM, local.describe()
                        + " (found running; set OPENROUTER_API_KEY or LLM_BASE_URL to choose another)");
                case LlmRoute.Echo echo -> ServiceHealth.degraded(ServiceId.LLM, "offline echo — set OPENROUTER_API_KEY or LLM_BASE_URL",
                        "set OPENROUTER_API_KEY for OpenRouter, or LLM_BASE_URL for a local server such as Ollama "
                                + "(http://127.0.0.1:11434/v1), or start Ollama"
                                + (echo.why().isEmpty() ? "" : " (" + echo.why() + ")"));
            };
        }
        String base = s.get(ConfigKey.LLM_BASE_URL).replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/models")).timeout(TIMEOUT).GET();
        if (!s.llmApiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + s.llmApiKey());
        }
        try {
            HttpResponse<Void> response = http().send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return ServiceHealth.ok(ServiceId.LLM, base + " reachable, model " + s.llmModel());
            }
            if (status == 401 || status == 403) {
                return ServiceHealth.unavailable(ServiceId.LLM, base + " rejected the API key (HTTP " + status + ")",
                        "check OPENROUTER_API_KEY");
            }
            return ServiceHealth.unavailable(ServiceId.LLM, base + " answered HTTP " + status,
                    "check LLM_BASE_URL: it should be the /v1 base of an OpenAI-compatible server");
        } catch (HttpTimeoutException e) {
            return ServiceHealth.unavailable(ServiceId.LLM, base + " did not answer within " + TIMEOUT.toSeconds() + " s",
                    "check that the LLM server is running and LLM_BASE_URL is right");
        } catch (IOException e) {
            return ServiceHealth.unavailable(ServiceId.LLM, "cannot reach " + base + " (" + e.getClass().getSimpleName() + ")",
                    "start the LLM server (e.g. 'ollama serve') or check LLM_BASE_URL and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ServiceHealth.unavailable(ServiceId.LLM, "check interrupted", "try again");
        }
    }
}
