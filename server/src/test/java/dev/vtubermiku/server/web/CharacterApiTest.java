package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.web.ApiTest.assertProblem;
import static dev.vtubermiku.server.web.ApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.ChatLogDao;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The character endpoints over real HTTP against the real backend: starters, editing, archive, switch, cards. */
class CharacterApiTest {

    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    Path dir;

    TestBackend backend;

    @BeforeEach
    void start() {
        backend = TestBackend.start(dir, Map.of());
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CharacterApiTest.class.getResourceAsStream("/cards/" + name)) {
            return in.readAllBytes();
        }
    }

    JsonNode list() throws Exception {
        HttpResponse<String> response = backend.get("/api/characters");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    List<String> names(JsonNode characters) {
        return StreamSupport.stream(characters.spliterator(), false).map(c -> c.get("name").asText()).toList();
    }

    long activeId() throws Exception {
        for (JsonNode c : list()) {
            if (c.get("active").asBoolean()) {
                return c.get("id").asLong();
            }
        }
        throw new AssertionError("no active character");
    }

    HttpResponse<String> upload(byte[] body, String contentType) {
        return backend.send(backend.request("/api/characters/import").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(backend.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> put(String path, String body) {
        return backend.send(backend.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> delete(String path) {
        return backend.send(backend.request(path).DELETE().build());
    }

    @Test
    void threeDistinctStarterCharactersOnFirstStartTheFirstActive() throws Exception {
        JsonNode characters = list();

        assertThat(names(characters)).containsExactly("Miku", "Professor Kuro", "Luna");
        assertThat(characters.get(0).get("active").asBoolean()).isTrue();
        assertThat(characters.get(0).get("voice").asText()).isEqualTo("en_US-amy-medium");
        for (JsonNode c : characters) {
            assertThat(c.get("profile").asText()).isNotBlank();
            assertThat(c.get("personality").asText()).isNotBlank();
            assertThat(c.get("greeting").asText()).isNotBlank();
            assertThat(c.get("example_dialogue").asText()).contains("<START>");
        }
        assertThat(characters.findValuesAsText("personality")).doesNotHaveDuplicates();

        // deleting a starter does not bring it back on the next start
        long luna = characters.get(2).get("id").asLong();
        assertThat(delete("/api/characters/" + luna).statusCode()).isEqualTo(200);
        backend = backend.restart();
        assertThat(names(list())).containsExactly("Miku", "Professor Kuro");
    }

    @Test
    void createReadUpdateDelete() throws Exception {
        HttpResponse<String> created = backend.post("/api/characters", """
                {"name": " Nova ", "profile": "A DJ from the future.", "personality": "smug", "greeting": "Yo.",
                 "example_dialogue": "<START>", "voice": "en_US-lessac-medium", "avatar_url": "https://example.org/n.png"}
                """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode nova = json(created);
        long id = nova.get("id").asLong();
        assertThat(created.headers().firstValue("Location")).contains("/api/characters/" + id);
        assertThat(nova.get("name").asText()).isEqualTo("Nova");
        assertThat(nova.get("active").asBoolean()).isFalse();
        assertThat(nova.get("archived").asBoolean()).isFalse();

        assertThat(json(backend.get("/api/characters/" + id))).isEqualTo(nova);

        HttpResponse<String> updated = put("/api/characters/" + id, "{\"name\": \"Nova II\", \"personality\": \"kind\"}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).get("personality").asText()).isEqualTo("kind");
        assertThat(json(updated).get("profile").asText()).isEmpty();
        assertThat(json(updated).get("voice").isNull()).isTrue();
        assertThat(Instant.parse(json(updated).get("updated_at").asText()))
                .isAfterOrEqualTo(Instant.parse(nova.get("updated_at").asText()));

        HttpResponse<String> deleted = delete("/api/characters/" + id);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(deleted).get("archived").asBoolean()).isFalse();
        assertProblem(backend.get("/api/characters/" + id), 404);
        assertThat(names(list())).doesNotContain("Nova II");
    }

    @Test
    void aCharacterWithChatLogsIsArchivedWithThemAndCanBeRestored() throws Exception {
        long kuro = list().get(1).get("id").asLong();
        backend.app().database().writeDao(ChatLogDao.class).insert(kuro, "hi", "Good evening.", null, Instant.now(), "neutral");

        HttpResponse<String> deleted = delete("/api/characters/" + kuro);

        assertThat(json(deleted).get("archived").asBoolean()).isTrue();
        assertThat(names(list())).containsExactly("Miku", "Luna");
        JsonNode all = json(backend.get("/api/characters?include_archived=true"));
        assertThat(names(all)).containsExactly("Miku", "Professor Kuro", "Luna");
        assertThat(json(backend.get("/api/characters/" + kuro)).get("archived").asBoolean()).isTrue();
        assertThat(backend.app().database().readDao(ChatLogDao.class).recent(kuro, 10)).hasSize(1);
        assertProblem(backend.post("/api/switch_character", "{\"character_id\": " + kuro + "}"), 404);
        assertProblem(delete("/api/characters/" + kuro), 404);

        HttpResponse<String> restored = backend.post("/api/characters/" + kuro + "/restore", "");
        assertThat(json(restored).get("archived").asBoolean()).isFalse();
        assertThat(names(list())).containsExactly("Miku", "Professor Kuro", "Luna");
    }

    @Test
    void theLastCharacterCannotBeDeletedAndDeletingTheActiveOneSwitches() throws Exception {
        JsonNode characters = list();
        long miku = characters.get(0).get("id").asLong();
        long kuro = characters.get(1).get("id").asLong();
        long luna = characters.get(2).get("id").asLong();

        HttpResponse<String> first = delete("/api/characters/" + miku);
        assertThat(json(first).get("active_character_id").asLong()).isEqualTo(kuro);
        assertThat(activeId()).isEqualTo(kuro);
        delete("/api/characters/" + kuro);
        assertThat(activeId()).isEqualTo(luna);

        HttpResponse<String> last = delete("/api/characters/" + luna);
        assertProblem(last, 409);
        assertThat(json(last).get("detail").asText()).contains("only character left");
        assertThat(names(list())).containsExactly("Luna");
    }

    @Test
    void switchingEmitsTheEventAndSurvivesARestart() throws Exception {
        JsonNode characters = list();
        long miku = characters.get(0).get("id").asLong();
        long luna = characters.get(2).get("id").asLong();

        HttpResponse<String> switched = backend.post("/api/switch_character", "{\"character_id\": " + luna + "}");

        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        assertThat(json(switched).get("character_id").asLong()).isEqualTo(luna);
        assertThat(json(switched).get("name").asText()).isEqualTo("Luna");
        assertThat(json(switched).get("previous_character_id").asLong()).isEqualTo(miku);
        JsonNode events = json(backend.get("/api/events?type=character.*")).get("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").asText()).isEqualTo("character.switched");
        assertThat(events.get(0).path("data").path("character_id").asLong()).isEqualTo(luna);
        assertThat(events.get(0).path("data").path("previous_character_id").asLong()).isEqualTo(miku);

        backend = backend.restart();
        assertThat(activeId()).isEqualTo(luna);
    }

    @Test
    void badRequestsGetProblemDetails() throws Exception {
        assertProblem(backend.post("/api/switch_character", "{}"), 400);
        assertProblem(backend.post("/api/switch_character", "{\"character_id\": \"two\"}"), 400);
        assertProblem(backend.post("/api/switch_character", "{\"character_id\": 999}"), 404);
        assertProblem(backend.post("/api/switch_character", "not json"), 400);
        assertProblem(backend.get("/api/characters/abc"), 400);
        assertProblem(backend.get("/api/characters/0"), 400);
        assertProblem(backend.get("/api/characters/999"), 404);
        assertProblem(backend.get("/api/characters?include_archived=maybe"), 400);
        assertProblem(backend.get("/api/characters/1/card?format=gif"), 400);

        HttpResponse<String> noName = backend.post("/api/characters", "{\"profile\": \"x\"}");
        assertProblem(noName, 400);
        assertThat(json(noName).get("errors").get(0).get("field").asText()).isEqualTo("name");
        HttpResponse<String> badFields = backend.post("/api/characters",
                "{\"name\": \"X\", \"voice\": \"../../etc/passwd\", \"avatar_url\": \"javascript:alert(1)\"}");
        assertProblem(badFields, 400);
        assertThat(json(badFields).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("voice", "avatar_url");
        assertProblem(backend.post("/api/characters", "{\"name\": \"X\", \"mood\": \"y\"}"), 400);
        assertProblem(backend.post("/api/characters", "{\"name\": \"" + "x".repeat(201) + "\"}"), 400);
        assertProblem(put("/api/characters/999", "{\"name\": \"X\"}"), 404);
        assertThat(names(list())).hasSize(3);
    }

    @Test
    void importsAV2JsonCardAndExportsItLosslessly() throws Exception {
        byte[] card = resource("aria-v2.json");

        HttpResponse<String> imported = upload(card, "application/json");

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode aria = json(imported);
        assertThat(aria.get("name").asText()).isEqualTo("Aria");
        assertThat(aria.get("greeting").asText()).contains("company");
        long id = aria.get("id").asLong();

        HttpResponse<String> exported = backend.get("/api/characters/" + id + "/card");
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("Aria.json"));
        assertThat(json(exported)).isEqualTo(JSON.readTree(card));

        // round trip: the export imports as the same character and exports identically again
        JsonNode again = json(upload(exported.body().getBytes(StandardCharsets.UTF_8), "application/json"));
        assertThat(json(backend.get("/api/characters/" + again.get("id").asLong() + "/card"))).isEqualTo(JSON.readTree(card));
        assertThat(again.get("profile")).isEqualTo(aria.get("profile"));
    }

    @Test
    void importsAPngCardKeepsItsPictureAndExportsItAsPng() throws Exception {
        byte[] png = dev.vtubermiku.server.character.CardFilesTestSupport.pngWithText("chara",
                Base64.getEncoder().encodeToString(resource("aria-v2.json")));

        HttpResponse<String> imported = upload(png, "image/png");

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        long id = json(imported).get("id").asLong();
        assertThat(json(imported).get("avatar_url").asText()).isEqualTo("/api/characters/" + id + "/avatar/files/portrait.png");
        HttpResponse<byte[]> avatar = getBytes("/api/characters/" + id + "/avatar/files/portrait.png");
        assertThat(avatar.statusCode()).isEqualTo(200);
        assertThat(avatar.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(avatar.body())).getWidth()).isEqualTo(8);

        HttpResponse<byte[]> exported = getBytes("/api/characters/" + id + "/card?format=png");
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type")).contains("image/png");
        HttpResponse<String> reimported = upload(exported.body(), "image/png");
        long copy = json(reimported).get("id").asLong();
        assertThat(json(backend.get("/api/characters/" + copy + "/card"))).isEqualTo(JSON.readTree(resource("aria-v2.json")));
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(getBytes("/api/characters/" + copy + "/avatar/files/portrait.png").body()))
                .getRGB(3, 4) & 0xffffff).isEqualTo(0xff00aa);

        // a character made in the app exports as a PNG too, with a plain portrait
        long miku = list().get(0).get("id").asLong();
        HttpResponse<byte[]> mikuPng = getBytes("/api/characters/" + miku + "/card?format=png");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(mikuPng.body()))).isNotNull();
        assertThat(json(upload(mikuPng.body(), "image/png")).get("voice").asText()).isEqualTo("en_US-amy-medium");
        assertProblem(backend.get("/api/characters/" + miku + "/avatar/files/portrait.png"), 404);
        // her avatar is that picture until she has another
        JsonNode avatarInfo = json(backend.get("/api/characters/" + id + "/avatar"));
        assertThat(avatarInfo.get("kind").asText()).isEqualTo("portrait");
        assertThat(avatarInfo.get("files").get(0).get("url").asText()).isEqualTo("/api/characters/" + id + "/avatar/files/portrait.png");
    }

    @Test
    void importsACardSentAsAMultipartFile() throws Exception {
        String boundary = "----vtubermiku" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../aria.json\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(resource("aria-v2.json"));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> imported = upload(body.toByteArray(), "multipart/form-data; boundary=" + boundary);

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(json(imported).get("name").asText()).isEqualTo("Aria");
    }

    @Test
    void badCardsAreRefusedClearlyAndAddNothing() throws Exception {
        HttpResponse<String> text = upload("just some text".getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(text, 415);
        assertProblem(upload(new byte[0], "application/json"), 400);
        assertProblem(upload("{\"spec\": \"chara_card_v2\", \"data\": {}}".getBytes(StandardCharsets.UTF_8), "application/json"), 400);
        HttpResponse<String> pngWithoutCard = upload(dev.vtubermiku.server.character.CardFilesTestSupport.pngWithText("Comment", "hi"),
                "image/png");
        assertProblem(pngWithoutCard, 400);
        assertThat(json(pngWithoutCard).get("detail").asText()).contains("no character card");
        byte[] huge = new byte[CharacterController.MAX_CARD_BYTES + 1];
        huge[0] = '{';
        assertProblem(upload(huge, "application/json"), 413);

        assertThat(names(list())).containsExactly("Miku", "Professor Kuro", "Luna");
        assertThat(Files.exists(dir.resolve("data/avatars"))).isFalse();
    }
}
