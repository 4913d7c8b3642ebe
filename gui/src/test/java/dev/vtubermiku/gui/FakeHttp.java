package dev.vtubermiku.gui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP server that answers {@code METHOD /path} with a set status and JSON, and records
 * every request; anything unset is the backend's 404 for a route it does not have.
 */
public final class FakeHttp implements AutoCloseable {

    /** A request as it arrived. */
    public record Request(String method, String path, String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Answer(int status, String contentType, byte[] body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeHttp() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public FakeHttp answer(String method, String path, int status, String json) {
        answers.put(method + " " + path, new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Answers {@code json} to requests that carry {@code Authorization: Bearer <token>}, 401 to others. */
    public FakeHttp answerWithToken(String method, String path, String token, String json) {
        answer(method, path, 200, json);
        tokens.put(method + " " + path, token);
        return this;
    }

    public FakeHttp answerBytes(String method, String path, String contentType, byte[] body) {
        answers.put(method + " " + path, new Answer(200, contentType, body));
        return this;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        requests.add(new Request(exchange.getRequestMethod(), path, type == null ? "" : type, body));
        Answer answer = answers.get(exchange.getRequestMethod() + " " + path);
        String token = tokens.get(exchange.getRequestMethod() + " " + path);
        if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer = new Answer(401, "application/json", "{\"error\":{\"message\":\"No auth credentials found\",\"code\":401}}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (answer == null) {
            answer = new Answer(404, "application/problem+json", ("{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,"
                    + "\"detail\":\"There is no " + path + " here. /openapi.json lists every endpoint.\"}").getBytes(StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
