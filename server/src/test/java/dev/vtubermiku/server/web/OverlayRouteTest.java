package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.web.ApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /overlay} over HTTP: the token rule for the page, its public files, and nothing else served. */
class OverlayRouteTest {

    private static final String TOKEN = "overlay-route-token-77c1";

    @TempDir
    static Path dir;

    static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(dir, Map.of("API_TOKEN", TOKEN));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void thePageNeedsTheTokenAsAQueryParameterOrBearer() throws Exception {
        assertProblem(backend.get("/overlay"), 401);
        HttpResponse<String> wrong = backend.get("/overlay?token=not-the-token-at-all");
        assertProblem(wrong, 401);
        assertThat(wrong.body()).doesNotContain(TOKEN).doesNotContain("not-the-token-at-all");

        HttpResponse<String> page = backend.get("/overlay?token=" + TOKEN + "&captions=on");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.body()).contains("type=\"importmap\"").doesNotContain("http://").doesNotContain("https://");
        assertThat(backend.get("/overlay", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        // The token in the query works for the page only: the API keeps the Bearer rule.
        assertProblem(backend.get("/api/health?token=" + TOKEN), 401);
    }

    @Test
    void everyScriptThePageLoadsIsServedFromTheJarWithoutTheToken() throws Exception {
        String page = backend.get("/overlay", "Authorization", "Bearer " + TOKEN).body();
        Matcher src = Pattern.compile("\"(/overlay/[^\"]+\\.js)\"").matcher(page);
        int scripts = 0;
        while (src.find()) {
            HttpResponse<String> script = backend.get(src.group(1));
            assertThat(script.statusCode()).as(src.group(1)).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            scripts++;
        }
        assertThat(scripts).as("the module and the import map's libraries").isGreaterThanOrEqualTo(3);
        for (String module : new String[] {"main", "socket", "voice", "avatar", "picture", "vrm"}) {
            assertThat(backend.get("/overlay/app/" + module + ".js").statusCode()).as(module).isEqualTo(200);
        }
    }

    @Test
    void theVendoredLibrariesServedAreTheOnesWhoseSumsAreRecorded() throws Exception {
        String sums = backend.get("/overlay/vendor/SHA256SUMS").statusCode() == 200 ? "served" : "not served";
        assertThat(sums).as("only scripts and pages are served").isEqualTo("not served");
        String recorded = new String(OverlayRouteTest.class.getClassLoader()
                .getResourceAsStream("overlay/vendor/SHA256SUMS").readAllBytes(), StandardCharsets.UTF_8);
        int checked = 0;
        for (String line : recorded.split("\n")) {
            String[] parts = line.split("\\s+", 2);
            if (!parts[1].endsWith(".js")) {
                continue;
            }
            HttpResponse<byte[]> file = HttpClient.newHttpClient().send(
                    backend.request("/overlay/vendor/" + parts[1]).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).as(parts[1]).isEqualTo(200);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()));
            assertThat(sha).as(parts[1]).isEqualTo(parts[0]);
            checked++;
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void nothingButTheOverlaysOwnFilesIsServed() throws Exception {
        for (String path : new String[] {"/overlay/nothing.js", "/overlay/../characters/miku.json", "/overlay/%2e%2e/characters/miku.json",
                "/overlay/app/..%2fmain.js", "/overlay/.hidden.js", "/overlay/miku.json", "/overlay/vendor/three/LICENSE",
                "/overlay/app/main.js%00.html", "/overlay/app//main.js"}) {
            HttpResponse<String> response = backend.get(path);
            assertThat(response.statusCode()).as(path).isBetween(400, 404);
            assertThat(response.body()).as(path).doesNotContain("\"personality\"");
        }
        assertProblem(backend.get("/overlay/nothing.js"), 404);
    }
}
