package dev.vtubermiku.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bad requests for one operation of /openapi.json: broken path and query values, JSON bodies that
 * are not objects, not UTF-8 or NUL-led, every property of the body's schema given the wrong type,
 * null, a huge or control-character string; broken multipart bodies and file names; broken chunking.
 * Seeded, so a failure names a case that happens again. Used by the fuzz test and by the
 * reliability campaign in bench/.
 */
public final class FuzzCases {

    /** One request to make; {@code strict}: it is bad whatever else holds, so only a 4xx is right. */
    public record Case(String label, String method, String target, Map<String, String> headers, byte[] body, boolean chunked,
            boolean strict) {}

    /** An operation as /openapi.json describes it. */
    public record Operation(String method, String path, List<String> pathParams, List<String> queryParams, String bodyType,
            boolean bodyRequired, JsonNode bodySchema, java.util.Set<Integer> documentedBodies) {

        public String id() {
            return method + " " + path;
        }
    }

    static final List<String> BAD_PATH_VALUES = List.of("abc", "-1", "0", "99999999999999999999", "1.5", "%00", "%0A%0D",
            "%C0%AE%C0%AE", "..%2F..%2Fetc%2Fpasswd", "%E2%80%A8", "a".repeat(5000), "%FF%FE", "null", "%22%27%3C%3E");
    static final List<String> BAD_QUERY_VALUES = List.of("abc", "-1", "1e999", "%00", "%0A", "[", "%FF",
            "9".repeat(400), "*.*.*.*", "true");
    private static final String CONTROL = "a\u0000b\u0001c\nAPI_HOST=0.0.0.0\r\u2028\u2029\u007f\"'\\";

    private final Random random;

    public FuzzCases(long seed) {
        this.random = new Random(seed);
    }

    public List<Case> of(Operation op) {
        List<Case> cases = new ArrayList<>();
        String method = op.method().toUpperCase(java.util.Locale.ROOT);
        boolean reads = op.bodyType() != null;
        for (String param : op.pathParams()) {
            for (String bad : BAD_PATH_VALUES) {
                cases.add(new Case("path " + param + "=" + abbreviate(bad), method, target(op, param, bad), Map.of(),
                        reads ? body(op) : new byte[0], false, true));
            }
        }
        for (String param : op.queryParams()) {
            for (String bad : BAD_QUERY_VALUES) {
                cases.add(new Case("query " + param + "=" + abbreviate(bad), method,
                        target(op, null, null) + "?" + param + "=" + bad, Map.of(), new byte[0], false, false));
            }
        }
        if ("application/json".equals(op.bodyType())) {
            json(op, method, cases);
        } else if ("multipart/form-data".equals(op.bodyType())) {
            multipart(op, method, cases);
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            String target = target(op, null, null);
            Map<String, String> type = Map.of("Content-Type", op.bodyType() == null ? "application/json" : op.bodyType());
            for (String chunks : List.of("ZZZ\r\nabc\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n",
                    "5\r\nab", "-1\r\nabc\r\n0\r\n\r\n", "3;\u0000\r\nabc\r\n0\r\n\r\n")) {
                cases.add(new Case("chunked " + abbreviate(chunks), method, target, type,
                        chunks.getBytes(StandardCharsets.ISO_8859_1), true, reads));
            }
        }
        return cases;
    }

    private void json(Operation op, String method, List<Case> cases) {
        String target = target(op, null, null);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        List<byte[]> structural = List.of("null".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8),
                "\"text\"".getBytes(StandardCharsets.UTF_8), "5".getBytes(StandardCharsets.UTF_8), "{".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 0, 0, '{', '}'}, new byte[] {0, '{', '}'}, new byte[] {(byte) 0xFF, (byte) 0xFE, '{', '}'},
                new byte[] {'{', '"', 'a', (byte) 0xC0, '"', ':', '1', '}'}, "[".repeat(5000).getBytes(StandardCharsets.UTF_8),
                "{\"a\":".repeat(3000).getBytes(StandardCharsets.UTF_8), "{} {}".getBytes(StandardCharsets.UTF_8),
                "{\"\u0000\":1}".getBytes(StandardCharsets.UTF_8));
        for (byte[] body : structural) {
            cases.add(new Case("body " + abbreviate(new String(body, StandardCharsets.ISO_8859_1)), method, target, json, body,
                    false, true));
        }
        if (op.bodyRequired()) {
            cases.add(new Case("no body", method, target, json, new byte[0], false, true));
        }
        cases.add(new Case("text/plain body", method, target, Map.of("Content-Type", "text/plain"),
                "{}".getBytes(StandardCharsets.UTF_8), false, false));
        JsonNode properties = op.bodySchema() == null ? null : op.bodySchema().path("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String type = properties.path(name).path("type").asText("");
            for (JsonNode bad : wrongValues(type)) {
                ObjectNode body = valid(properties);
                body.set(name, bad);
                boolean strict = !type.isEmpty() && !matches(type, bad);
                cases.add(new Case("field " + name + "=" + abbreviate(bad.toString()), method, target, json,
                        body.toString().getBytes(StandardCharsets.UTF_8), false, strict));
            }
        }
    }

    /** A body with a plausible value in every property, so the one bad value is what is judged. */
    private ObjectNode valid(JsonNode properties) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        properties.fields().forEachRemaining(p -> {
            switch (p.getValue().path("type").asText("")) {
                case "string" -> body.put(p.getKey(), "fuzz" + random.nextInt(1000));
                case "integer" -> body.put(p.getKey(), 1);
                case "number" -> body.put(p.getKey(), 0.5);
                case "boolean" -> body.put(p.getKey(), false);
                case "array" -> body.putArray(p.getKey());
                default -> { }
            }
        });
        return body;
    }

    private List<JsonNode> wrongValues(String type) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> values = new ArrayList<>(List.of(f.nullNode(), f.numberNode(5), f.numberNode(-1L << 62),
                f.numberNode(new java.math.BigDecimal("1e400")), f.booleanNode(true), f.textNode("5"), f.arrayNode(),
                f.objectNode(), f.textNode(CONTROL), f.textNode("x".repeat(200_000 + random.nextInt(1000)))));
        if (type.equals("array")) {
            values.add(f.arrayNode().add(f.nullNode()).add(5).add(f.objectNode()));
            values.add(f.arrayNode().add(CONTROL));
        }
        return values;
    }

    private static boolean matches(String type, JsonNode value) {
        return switch (type) {
            case "string" -> value.isTextual() || value.isNull();
            case "integer" -> value.isIntegralNumber() && value.canConvertToLong() || value.isNull();
            case "number" -> value.isNumber() || value.isNull();
            case "boolean" -> value.isBoolean() || value.isNull();
            case "array" -> value.isArray() || value.isNull();
            default -> true;
        };
    }

    private void multipart(Operation op, String method, List<Case> cases) {
        String target = target(op, null, null);
        String b = "fuzz" + Long.toHexString(random.nextLong());
        Map<String, String> type = Map.of("Content-Type", "multipart/form-data; boundary=" + b);
        byte[] audio = new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'};
        for (String name : List.of("a\u0000b.wav", "a\"b.wav", "a\r\nb.wav", "a\nContent-Type: x.wav", "x".repeat(5000) + ".wav",
                "../../etc/passwd", "\u00ff\u00fe.wav", "")) {
            cases.add(new Case("file name " + abbreviate(name), method, target, type, part(b, "file", name, audio, true), false, false));
        }
        cases.add(new Case("multipart garbage", method, target, type, "garbage".getBytes(StandardCharsets.UTF_8), false, true));
        cases.add(new Case("multipart cut", method, target, type, cut(part(b, "file", "a.wav", audio, true)), false, true));
        cases.add(new Case("multipart unclosed", method, target, type, part(b, "file", "a.wav", audio, false), false, true));
        cases.add(new Case("multipart no boundary", method, target, Map.of("Content-Type", "multipart/form-data"),
                part(b, "file", "a.wav", audio, true), false, true));
        cases.add(new Case("multipart wrong boundary", method, target, Map.of("Content-Type", "multipart/form-data; boundary=other"),
                part(b, "file", "a.wav", audio, true), false, true));
        cases.add(new Case("multipart header line", method, target, type, ("--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\nX-Long: "
                + "y".repeat(70_000) + "\r\n\r\nabc\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8), false, false));
        cases.add(new Case("multipart no parts", method, target, type, ("--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8), false, true));
        cases.add(new Case("json to a multipart route", method, target, Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8), false, true));
    }

    private static byte[] part(String boundary, String field, String fileName, byte[] content, boolean close) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n" + (close ? "--" + boundary + "--\r\n" : "")).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] cut(byte[] body) {
        return java.util.Arrays.copyOf(body, body.length / 2);
    }

    private byte[] body(Operation op) {
        return "multipart/form-data".equals(op.bodyType()) ? new byte[0] : "{}".getBytes(StandardCharsets.UTF_8);
    }

    /** The operation's path with each parameter at a plausible value, or {@code param} at {@code value}. */
    private static String target(Operation op, String param, String value) {
        String path = op.path();
        for (String p : op.pathParams()) {
            path = path.replace("{" + p + "}", p.equals(param) ? value : "1");
        }
        return path;
    }

    public static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "·");
        return printable.length() > 40 ? printable.substring(0, 40) + "…(" + s.length() + ")" : printable;
    }
}
