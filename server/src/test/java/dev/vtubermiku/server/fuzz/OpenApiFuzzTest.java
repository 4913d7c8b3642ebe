package dev.vtubermiku.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation that the live /openapi.json lists (so routes added later are covered without
 * editing this test) driven with generated bad input ({@link FuzzCases}) over raw HTTP/1.1: the
 * answer is never a 500, every error is problem details, and input that is bad whatever else holds
 * gets a 4xx. A 502/503/504 is accepted only for input that may be valid, as a service's problem
 * (no Piper voice, no LLM here), never an internal error.
 */
class OpenApiFuzzTest {

    private static final String TOKEN = "fuzz-token-0123456789";
    private static final Set<Integer> SERVICE_STATUSES = Set.of(502, 503, 504);
    private static final long SEED = Long.getLong("fuzz.seed", 20261204L);
    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    static Path dir;

    static TestBackend backend;

    @BeforeAll
    static void start() {
        // The LLM is a closed local port: a chat that gets through fails at once, as a 502/503 problem.
        backend = TestBackend.start(dir, Map.of("API_TOKEN", TOKEN, "LLM_BASE_URL", "http://127.0.0.1:9/v1", "LLM_RETRIES", "0"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void noOperationAnswersBadInputWithA5xx() throws Exception {
        Answer spec = exchange(new FuzzCases.Case("spec", "GET", "/openapi.json", Map.of(), new byte[0], false, false));
        assertThat(spec.status()).isEqualTo(200);
        JsonNode document = JSON.readTree(spec.body());
        List<FuzzCases.Operation> operations = operations(document);
        assertThat(operations).as("operations in /openapi.json").hasSizeGreaterThan(40);

        FuzzCases generator = new FuzzCases(SEED);
        List<String> failures = new ArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        for (FuzzCases.Operation op : operations) {
            for (FuzzCases.Case c : generator.of(op)) {
                Answer answer = exchange(c);
                requests.incrementAndGet();
                statuses.merge(answer.status(), 1, Integer::sum);
                String failure = judge(op, c, answer);
                if (failure != null) {
                    failures.add(op.id() + " [" + c.label() + "] -> " + answer.status() + " " + FuzzCases.abbreviate(answer.body())
                            + " " + failure);
                }
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        long fiveHundreds = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        System.out.printf("fuzz: operations=%d requests=%d 5xx=%d internal=%d seconds=%d statuses=%s%n", operations.size(),
                requests.get(), fiveHundreds, statuses.getOrDefault(500, 0), seconds, statuses);
        assertThat(failures).as("bad requests answered wrongly (seed %d)", SEED).isEmpty();
        // The backend still answers normally afterwards.
        assertThat(exchange(new FuzzCases.Case("health", "GET", "/api/health", Map.of(), new byte[0], false, false)).status())
                .isEqualTo(200);
    }

    private static String judge(FuzzCases.Operation op, FuzzCases.Case c, Answer answer) {
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

    static List<FuzzCases.Operation> operations(JsonNode document) {
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

    record Answer(int status, String contentType, String body) {}

    /** One request on its own connection, as bytes: java.net.http refuses to send most of these. */
    static Answer exchange(FuzzCases.Case c) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", backend.port())) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(c.method() + " " + c.target() + " HTTP/1.1\r\nHost: 127.0.0.1:" + backend.port()
                    + "\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n");
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
}
