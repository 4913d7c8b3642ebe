package dev.vtubermiku.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where replies come from: the configured server when a key or an LLM_BASE_URL was set;
 * otherwise a local OpenAI-compatible server at LLM_LOCAL_URL (Ollama) if it answers and has a
 * model; otherwise the offline echo. The local check is remembered for 30 s.
 */
public final class LlmRouter {

    private static final Logger log = LoggerFactory.getLogger(LlmRouter.class);
    static final Duration RECHECK = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final Supplier<Settings> settings;
    private final Clock clock;
    private final ObjectMapper json;
    private @Nullable HttpClient http;
    private @Nullable Checked last;

    private record Checked(String localUrl, String wantedModel, LlmRoute route, Instant at) {}

    public LlmRouter(Supplier<Settings> settings, Clock clock, ObjectMapper json) {
        this.settings = settings;
        this.clock = clock;
        this.json = json;
    }

    /** The route now, using the remembered local check when it is fresh. */
    public LlmRoute route() {
        return route(false);
    }

    /** The route now, checking the local server again. */
    public LlmRoute refresh() {
        return route(true);
    }

    private synchronized LlmRoute route(boolean fresh) {
        Settings s = settings.get();
        if (!s.llmUnconfigured()) {
            return new LlmRoute.Remote(trimmed(s.get(ConfigKey.LLM_BASE_URL)), s.llmApiKey(), s.llmModel(), false);
        }
        String local = s.llmLocalUrl();
        if (local.isEmpty()) {
            return new LlmRoute.Echo("");
        }
        Checked c = last;
        if (!fresh && c != null && c.localUrl().equals(local) && c.wantedModel().equals(s.llmModel())
                && c.at().plus(RECHECK).isAfter(clock.instant())) {
            return c.route();
        }
        LlmRoute route = probeLocal(trimmed(local), s.llmModel());
        if (c == null || !c.route().equals(route)) {
            log.info("LLM: {}", route.describe());
        }
        last = new Checked(local, s.llmModel(), route, clock.instant());
        return route;
    }

    private LlmRoute probeLocal(String base, String wanted) {
        if (!listening(URI.create(base))) {
            // Nothing listens (the usual case without Ollama): known without an HTTP client, whose
            // TLS trust store and selector thread would cost start-up time and idle memory.
            return new LlmRoute.Echo("no local server answers at " + base);
        }
        try {
            HttpResponse<String> response = http().send(
                    HttpRequest.newBuilder(URI.create(base + "/models")).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return new LlmRoute.Echo("no local server answers at " + base);
            }
            List<String> models = new ArrayList<>();
            JsonNode data = json.readTree(response.body()).path("data");
            data.forEach(m -> {
                if (m.hasNonNull("id")) {
                    models.add(m.get("id").asText());
                }
            });
            if (models.isEmpty()) {
                return new LlmRoute.Echo("the local server at " + base + " has no models: run 'ollama pull qwen2.5:7b'");
            }
            String model = models.contains(wanted) ? wanted : models.getFirst();
            return new LlmRoute.Remote(base, "", model, true);
        } catch (IOException e) {
            return new LlmRoute.Echo("no local server answers at " + base);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LlmRoute.Echo("interrupted");
        }
    }

    /** Whether something accepts TCP connections at the URL's host and port (a refused connection answers at once). */
    private static boolean listening(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        if (url.getHost() == null) {
            return true; // let the HTTP client say what is wrong with it
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(url.getHost(), port), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        }
        return http;
    }

    private static String trimmed(String url) {
        return url.trim().replaceAll("/+$", "");
    }
}
