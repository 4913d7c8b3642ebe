package dev.vtubermiku.server.onair;

import static dev.vtubermiku.server.onair.OnAirRig.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-air API on the real backend, wired to a fake VTube Studio that answers garbage and a fake
 * OBS with a password: state, mappings, connect buttons, bad input, status, and chat unaffected.
 */
class OnAirApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OBS_PASSWORD = "obs-password-4455";

    @TempDir
    static Path dir;

    static FakeVtubeStudio vts;
    static FakeObs obs;
    static FakeLlmServer llm;
    static TestBackend backend;

    @BeforeAll
    static void start() throws Exception {
        vts = (FakeVtubeStudio) new FakeVtubeStudio().start();
        vts.garbage = true; // VTube Studio answering nonsense must cost the chat nothing
        obs = (FakeObs) new FakeObs(OBS_PASSWORD).start();
        llm = new FakeLlmServer();
        backend = TestBackend.start(dir, Map.of("VTS_URL", vts.url(), "OBS_URL", obs.url(), "OBS_PASSWORD", OBS_PASSWORD,
                "LLM_BASE_URL", llm.baseUrl(), "OPENROUTER_MODEL", "test-model"));
    }

    @AfterAll
    static void stop() {
        backend.close();
        vts.close();
        obs.close();
        llm.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> put(TestBackend on, String path, String body) {
        return on.send(on.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void statusReportsBothLinksAndChatAnswersWhileVtubeStudioSendsGarbage() throws Exception {
        until("vts reported unreachable for its garbage, obs ok", () -> {
            try {
                JsonNode vtsStatus = service("vts");
                return vtsStatus.path("state").asText().equals("unavailable")
                        && vtsStatus.path("detail").asText().contains("not its API")
                        && service("obs").path("state").asText().equals("ok");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode vtsInfo = json(backend.get("/api/vts"));
        assertThat(vtsInfo.path("configured").asBoolean()).isTrue();
        // It keeps retrying: between two garbage answers a fresh connection asks for a token again.
        assertThat(vtsInfo.path("state").asText()).isIn("unreachable", "connecting", "awaiting_approval");

        llm.script(FakeLlmServer.Script.reply("[joy] ", "Still ", "here!"));
        HttpResponse<String> chat = backend.post("/api/chat", "{\"message\":\"Are you there?\"}");
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(json(chat).path("response").asText()).isEqualTo("Still here!");
        assertThat(json(chat).path("emotion").asText()).isEqualTo("joy");

        assertThat(backend.get("/api/config").body()).doesNotContain(OBS_PASSWORD);
        assertThat(backend.get("/api/obs").body()).doesNotContain(OBS_PASSWORD);
        assertThat(backend.get("/api/events?limit=500").body()).doesNotContain(OBS_PASSWORD);
    }

    @Test
    void obsShowsItsScenesAndTakesSettings() throws Exception {
        until("obs scenes", () -> {
            try {
                return json(backend.get("/api/obs")).path("scenes").size() == 3;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<String> put = put(backend, "/api/obs/settings",
                "{\"caption_source\":\"" + FakeObs.CAPTION_INPUT + "\",\"scene_map\":{\"speaking\":\"Just chatting\",\"JOY\":\"Happy corner\"}}");
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode info = json(put);
        assertThat(info.path("state").asText()).isEqualTo("connected");
        assertThat(info.path("caption_source").asText()).isEqualTo(FakeObs.CAPTION_INPUT);
        assertThat(info.path("scene_map").path("joy").asText()).isEqualTo("Happy corner");
        assertThat(info.path("scenes")).extracting(JsonNode::asText).containsExactlyElementsOf(FakeObs.SCENES);

        // a field left out keeps its value
        assertThat(put(backend, "/api/obs/settings", "{\"scene_map\":{\"idle\":\"BRB\"}}").statusCode()).isEqualTo(200);
        JsonNode after = json(backend.get("/api/obs"));
        assertThat(after.path("caption_source").asText()).isEqualTo(FakeObs.CAPTION_INPUT);
        assertThat(after.path("scene_map").properties()).hasSize(1);

        assertThat(backend.post("/api/obs/connect", "").statusCode()).isEqualTo(202);
    }

    @Test
    void badMappingsAreProblemsNamingEachField() throws Exception {
        HttpResponse<String> bad = put(backend, "/api/vts/expressions",
                "{\"expression_map\":{\"joy\":\"Smile\",\"ecstasy\":\"Smile\",\"anger\":\"\",\"fear\":\"" + "x".repeat(300) + "\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        List<String> fields = new ArrayList<>();
        json(bad).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("expression_map.ecstasy", "expression_map.anger", "expression_map.fear");

        for (String body : List.of("{}", "[]", "{\"expression_map\":[1]}", "{\"expression_map\":{\"joy\":3}}x", "not json", "")) {
            assertThat(put(backend, "/api/vts/expressions", body).statusCode()).as(body).isEqualTo(400);
        }
        for (String body : List.of("{}", "{\"caption_source\":\"a\\u0007b\"}", "{\"scene_map\":{\"dancing\":\"BRB\"}}",
                "{\"scene_map\":{\"idle\":null}}")) {
            assertThat(put(backend, "/api/obs/settings", body).statusCode()).as(body).isEqualTo(400);
        }

        HttpResponse<String> good = put(backend, "/api/vts/expressions", "{\"expression_map\":{\"joy\":\"Smile\",\"sadness\":\"hk-tears\"}}");
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(json(good).path("expression_map").path("joy").asText()).isEqualTo("Smile");
        assertThat(json(backend.get("/api/vts")).path("expression_map").properties()).hasSize(2);
        assertThat(backend.post("/api/vts/connect", "").statusCode()).isEqualTo(202);
    }

    @Test
    void withoutUrlsBothAreOffAbsentFromStatusAndConnectIsAConflict(@TempDir Path other) throws Exception {
        try (TestBackend plain = TestBackend.start(other, Map.of())) {
            JsonNode vtsInfo = json(plain.get("/api/vts"));
            assertThat(vtsInfo.path("configured").asBoolean()).isFalse();
            assertThat(vtsInfo.path("state").asText()).isEqualTo("off");
            assertThat(json(plain.get("/api/obs")).path("state").asText()).isEqualTo("off");
            HttpResponse<String> connect = plain.post("/api/vts/connect", "");
            assertThat(connect.statusCode()).isEqualTo(409);
            assertThat(json(connect).path("detail").asText()).contains("VTS_URL");
            assertThat(plain.post("/api/obs/connect", "").statusCode()).isEqualTo(409);
            List<String> services = new ArrayList<>();
            json(plain.get("/api/status")).path("services").forEach(s -> services.add(s.path("name").asText()));
            assertThat(services).doesNotContain("vts", "obs").contains("db", "llm");
            // mappings can be prepared before the programs are configured
            assertThat(put(plain, "/api/vts/expressions", "{\"expression_map\":{\"joy\":\"Smile\"}}").statusCode()).isEqualTo(200);
            assertThat(json(plain.get("/api/vts")).path("expression_map").path("joy").asText()).isEqualTo("Smile");
        }
    }

    private static JsonNode service(String name) throws Exception {
        for (JsonNode s : json(backend.get("/api/status")).path("services")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return JSON.createObjectNode();
    }
}
