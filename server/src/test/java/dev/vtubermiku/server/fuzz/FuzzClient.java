package dev.vtubermiku.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Drives {@link FuzzCases} at a backend over raw HTTP/1.1 (java.net.http refuses to send most of
 * them) and judges the answers: never a 500, every error as problem details, a 4xx for input that
 * is bad whatever else holds; a 502/503/504 only as a service's problem for input that may be valid.
 */
public final class FuzzClient {

    private static final Set<Integer> SERVICE_STATUSES = Set.of(502, 503, 504);
    private static final ObjectMapper JSON = Json.newMapper();

    private final int port;
    private final String token;

    public FuzzClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** An answer: status, Content-Type and body (de-chunked). */
    public record Answer(int status, String contentType, String body) {}

    /** Null when the answer is right for the case, else what is wrong with it. */
    public static String judge(FuzzCases.Operation op, FuzzCases.Case c, Answer answer) {
        int status = answer.status();
        if (status == 500 || status >= 600 || status < 100) {
            return "an internal error";
        }
        if (op.documentedBodies().contains(status) && answer.contentType().startsWith("application/json")) {
            return null; // an error answer the document describes with its own shape
        }
        if (status >= 400 && !answer.contentType().startsWith("application/problem+json")) {
            return "not problem details (" + answer.contentType() + ")";
        }
        if (status >= 400) {
            try {
                JsonNode problem = JSON.readTree(answer.body());
                if (problem.path("status").asInt() != status || problem.path("title").asText().isBlank()) {
                    return "problem details without a matching status and a title";
                }
                if (problem.path("type").asText().endsWith(":internal")) {
                    return "an internal problem";
                }
            } catch (Exception e) {
                return "a problem body that is not JSON";
            }
        }
        if (status >= 500 && (c.strict() || !SERVICE_STATUSES.contains(status))) {
            return "a 5xx for a bad request";
        }
        if (c.strict() && (status < 400 || status >= 500)) {
            return "not a 4xx for input that is bad whatever else holds";
        }
        return null;
    }

    /** Every operation that an OpenAPI document lists. */
    public static List<FuzzCases.Operation> operations(JsonNode document) {
        List<FuzzCases.Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode op = method.getValue();
                if (!op.isObject() || !Set.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    continue;
                }
                List<String> pathParams = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                while (m.find()) {
                    pathParams.add(m.group(1));
                }
                List<String> query = new ArrayList<>();
                op.path("parameters").forEach(p -> {
                    if ("query".equals(p.path("in").asText())) {
                        query.add(p.path("name").asText());
                    }
                });
                JsonNode content = op.path("requestBody").path("content");
                String bodyType = content.has("application/json") ? "application/json"
                        : content.has("multipart/form-data") ? "multipart/form-data" : null;
                JsonNode schema = bodyType == null ? null : resolve(document, content.path(bodyType).path("schema"));
                // Error statuses the document gives a body of its own (the per-file 422 of /api/voice/upload).
                Set<Integer> documented = new java.util.HashSet<>();
                op.path("responses").fields().forEachRemaining(r -> {
                    if (r.getKey().matches("4\\d\\d") && r.getValue().path("content").isObject()
                            && !r.getValue().path("content").has("application/problem+json")) {
                        documented.add(Integer.parseInt(r.getKey()));
                    }
                });
                out.add(new FuzzCases.Operation(method.getKey(), path.getKey(), pathParams, query, bodyType,
                        op.path("requestBody").path("required").asBoolean(false), schema, documented));
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/") ? document.at(ref.substring(1)) : schema;
    }

    /** One request on its own connection, as bytes: java.net.http refuses to send most of these. */
    public Answer exchange(FuzzCases.Case c) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(c.method() + " " + c.target() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n");
            c.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append(c.chunked() ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + c.body().length + "\r\n");
            request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(c.body());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
                socket.shutdownOutput();
            } catch (java.io.IOException e) {
                // The server may answer and close before it has read everything (a 413, a refused upload).
            }
            InputStream in = socket.getInputStream();
            byte[] raw;
            try {
                raw = in.readAllBytes();
            } catch (java.net.SocketException e) {
                raw = new byte[0];
            }
            return parse(new String(raw, StandardCharsets.UTF_8), c);
        }
    }

    private static Answer parse(String raw, FuzzCases.Case c) {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(-1, "", "no HTTP answer to " + c.label() + ": " + FuzzCases.abbreviate(raw));
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String type = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                type = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        String body = raw.substring(end + 4);
        return new Answer(status, type, chunked ? dechunk(body) : body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }

    /** The live document, read with the token. */
    public JsonNode document() throws Exception {
        Answer spec = exchange(new FuzzCases.Case("spec", "GET", "/openapi.json", Map.of(), new byte[0], false, false));
        if (spec.status() != 200) {
            throw new IllegalStateException("/openapi.json answered " + spec.status());
        }
        return JSON.readTree(spec.body());
    }
}
