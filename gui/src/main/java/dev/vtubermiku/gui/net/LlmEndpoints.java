package dev.vtubermiku.gui.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * What the first-run guide asks LLM servers directly: which models a local server (Ollama) on this
 * machine has, and whether an API key is accepted. Answers never contain the key, whatever the
 * server sends back: the detail is written here, not copied from the response.
 */
public final class LlmEndpoints implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A local server's answer: its OpenAI-compatible base and models, or why there is none. */
    public record LocalModels(String baseUrl, List<String> models, @Nullable String problem) {}

    /** A key's test: accepted or not, and what to tell the user. */
    public record KeyCheck(boolean accepted, String detail) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;

    public LlmEndpoints(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The models of the OpenAI-compatible server at {@code baseUrl} ({@code GET /models}); when that
     * fails, Ollama's own {@code /api/tags} at the same host (its OpenAI base is then {@code /v1}).
     */
    public CompletableFuture<LocalModels> localModels(String baseUrl) {
        String base = baseUrl.replaceAll("/+$", "");
        if (base.isBlank()) {
            return CompletableFuture.completedFuture(new LocalModels("", List.of(), "LLM_LOCAL_URL is empty: no local server is looked for"));
        }
        return CompletableFuture.supplyAsync(() -> {
            String none = "it has no models: run 'ollama pull qwen2.5:7b'";
            List<String> models = list(URI.create(base + "/models"), "data", "id");
            if (models != null) {
                return new LocalModels(base, models, models.isEmpty() ? none : null);
            }
            URI root = URI.create(base).resolve("/");
            models = list(root.resolve("/api/tags"), "models", "name");
            if (models != null) {
                return new LocalModels(root + "v1", models, models.isEmpty() ? none : null);
            }
            return new LocalModels(base, List.of(), "no local LLM answers at " + base + " (start it with 'ollama serve')");
        });
    }

    /** The names in {@code list[].field} of the JSON at {@code uri}; null when it does not answer so. */
    private @Nullable List<String> list(URI uri, String list, String field) {
        try {
            return ids(get(uri, null), list, field);
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Tests {@code key} against {@code baseUrl}: OpenRouter's {@code GET /auth/key}, or where a server
     * has no such route, {@code GET /models} with the key (OpenAI and most compatible servers check it there).
     */
    public CompletableFuture<KeyCheck> checkKey(String baseUrl, String key) {
        String base = baseUrl.replaceAll("/+$", "");
        if (key.isBlank()) {
            return CompletableFuture.completedFuture(new KeyCheck(false, "Enter a key first"));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<byte[]> auth = send(URI.create(base + "/auth/key"), key);
                HttpResponse<byte[]> answer = auth.statusCode() == 404 || auth.statusCode() == 405
                        ? send(URI.create(base + "/models"), key) : auth;
                int status = answer.statusCode();
                if (status / 100 == 2) {
                    return new KeyCheck(true, "Key accepted by " + URI.create(base).getHost());
                }
                if (status == 401 || status == 403) {
                    return new KeyCheck(false, URI.create(base).getHost() + " rejected the key (HTTP " + status + ")");
                }
                return new KeyCheck(false, URI.create(base).getHost() + " answered HTTP " + status + ": try again later");
            } catch (IOException | IllegalArgumentException e) {
                return new KeyCheck(false, "Cannot reach " + base + " (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new KeyCheck(false, "interrupted");
            }
        });
    }

    private JsonNode get(URI uri, @Nullable String key) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(uri, key);
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return json.readTree(response.body());
    }

    private HttpResponse<byte[]> send(URI uri, @Nullable String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> ids(JsonNode root, String list, String field) throws IOException {
        if (!root.path(list).isArray()) {
            throw new IOException("not a model list");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : root.path(list)) {
            if (m.path(field).isTextual()) {
                ids.add(m.path(field).asText());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
