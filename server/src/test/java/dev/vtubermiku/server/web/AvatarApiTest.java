package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.web.ApiTest.assertProblem;
import static dev.vtubermiku.server.web.ApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.AvatarChanged;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.avatar.AvatarSamples;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT/GET/DELETE /api/characters/{id}/avatar over real HTTP against the real backend: each kind, each bad input. */
class AvatarApiTest {

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    @TempDir
    Path dir;

    TestBackend backend;
    long miku;

    @BeforeEach
    void start() throws Exception {
        backend = TestBackend.start(dir, Map.of());
        miku = json(backend.get("/api/characters")).get(0).get("id").asLong();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    HttpResponse<String> put(long id, String fileName, byte[] content) {
        String boundary = "----avatar" + System.nanoTime();
        return backend.send(backend.request("/api/characters/" + id + "/avatar")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(AvatarSamples.multipart(boundary, fileName, content))).build());
    }

    byte[] bytes(String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(backend.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Every file under DATA_DIR's avatar folders: stored avatars and upload spool. */
    List<Path> storedFiles() throws Exception {
        List<Path> all = new java.util.ArrayList<>();
        for (String folder : List.of("data/avatars/files", "data/" + AvatarController.SPOOL)) {
            Path d = dir.resolve(folder);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    all.addAll(s.toList());
                }
            }
        }
        return all;
    }

    @Test
    void withNothingUploadedSheIsHerGeneratedPortrait() throws Exception {
        JsonNode avatar = json(backend.get("/api/characters/" + miku + "/avatar"));

        assertThat(avatar.get("character_id").asLong()).isEqualTo(miku);
        assertThat(avatar.get("kind").asText()).isEqualTo("portrait");
        assertThat(avatar.get("updated_at").isNull() || avatar.get("updated_at").isMissingNode()).isTrue();
        JsonNode file = avatar.get("files").get(0);
        assertThat(file.get("name").asText()).isEqualTo("portrait.svg");
        assertThat(file.get("media_type").asText()).isEqualTo("image/svg+xml");
        String svg = new String(bytes(file.get("url").asText()), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<svg").contains(">M</text>");
        assertThat(svg.getBytes(StandardCharsets.UTF_8).length).isEqualTo(file.get("bytes").asInt());
        assertThat(avatar.get("expression_map").get("joy").asText()).isEqualTo("neutral");
    }

    @Test
    void deletingACharacterForGoodDeletesHerAvatarAndCardPictureFilesAndNobodyElses() throws Exception {
        HttpResponse<String> created = backend.post("/api/characters", "{\"name\":\"Aria\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long aria = json(created).get("id").asLong();
        assertThat(put(aria, "aria.png", AvatarSamples.png(16, 24, 0x445566)).statusCode()).isEqualTo(200);
        assertThat(put(miku, "me.png", AvatarSamples.png(16, 24, 0x112233)).statusCode()).isEqualTo(200);
        Path cardPicture = dir.resolve("data/avatars/character-" + aria + ".png"); // what an imported PNG card left
        Files.write(cardPicture, AvatarSamples.png(8, 8, 0xff00aa));
        assertThat(storedFiles()).hasSize(2);

        HttpResponse<String> deleted = backend.delete("/api/characters/" + aria);

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(json(deleted).get("archived").asBoolean()).as("no history: deleted, not archived").isFalse();
        assertThat(storedFiles()).as("only Miku's avatar is left").hasSize(1)
                .allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("c" + miku + "-"));
        assertThat(cardPicture).doesNotExist();
        assertThat(json(backend.get("/api/characters/" + miku + "/avatar")).get("kind").asText()).isEqualTo("image");
    }

    @Test
    void aVrm10ModelIsStoredDescribedServedAndRemoved() throws Exception {
        byte[] vrm = AvatarSamples.vrmFixture();

        HttpResponse<String> put = put(miku, "expressions_sample.vrm", vrm);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode avatar = json(put);
        assertThat(avatar.get("kind").asText()).isEqualTo("vrm");
        assertThat(avatar.get("expressions")).extracting(JsonNode::asText).contains("happy", "blink");
        assertThat(avatar.get("expression_map").get("joy").asText()).isEqualTo("happy");
        assertThat(avatar.get("expression_map").get("sadness").asText()).isEqualTo("sad"); // the default, missing in this model
        JsonNode file = avatar.get("files").get(0);
        assertThat(file.get("name").asText()).isEqualTo("model.vrm");
        assertThat(file.get("media_type").asText()).isEqualTo("model/gltf-binary");
        assertThat(file.get("bytes").asLong()).isEqualTo(vrm.length);
        assertThat(bytes(file.get("url").asText())).isEqualTo(vrm);
        assertThat(json(backend.get("/api/characters/" + miku + "/avatar"))).isEqualTo(avatar);
        JsonNode events = json(backend.get("/api/events?type=avatar.*")).get("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").asText()).isEqualTo(EventTypes.AVATAR_CHANGED);
        assertThat(EventPayload.decode(JSON_MAP.convertValue(events.get(0).get("data"), Map.class), AvatarChanged.class))
                .isEqualTo(new AvatarChanged(miku, "vrm"));
        assertThat(storedFiles()).hasSize(1);

        HttpResponse<String> deleted = backend.delete("/api/characters/" + miku + "/avatar");

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(json(backend.get("/api/characters/" + miku + "/avatar")).get("kind").asText()).isEqualTo("portrait");
        assertThat(storedFiles()).isEmpty();
        assertProblem(backend.get("/api/characters/" + miku + "/avatar/files/model.vrm"), 404);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_MAP = dev.vtubermiku.protocol.Json.newMapper();

    @Test
    void aVrm0xModelListsItsBlendShapesUnderThreeVrmsNames() throws Exception {
        byte[] vrm = AvatarSamples.glb(AvatarSamples.vrm0Json("joy", "Joy", "sorrow", "Sorrow", "a", "A",
                "unknown", "Wink"), false);

        JsonNode avatar = json(put(miku, "old.vrm", vrm));

        assertThat(avatar.get("kind").asText()).isEqualTo("vrm");
        assertThat(avatar.get("expressions")).extracting(JsonNode::asText).containsExactly("happy", "sad", "aa", "Wink");
        assertThat(avatar.get("expression_map").get("fear").asText()).isEqualTo("sad");
    }

    @Test
    void aSpritePackInOneFolderIsStoredWithItsLabelsMapped() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("miku/", new byte[0]);
        entries.put("miku/neutral.png", AvatarSamples.png(8, 8, 0x808080));
        entries.put("miku/Joy.png", AvatarSamples.png(8, 8, 0xffcc00));
        entries.put("miku/amusement.png", AvatarSamples.png(8, 8, 0x00ccff));
        entries.put("__MACOSX/._joy.png", new byte[] {1, 2, 3});

        HttpResponse<String> put = put(miku, "miku.zip", AvatarSamples.zip(entries));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode avatar = json(put);
        assertThat(avatar.get("kind").asText()).isEqualTo("sprites");
        assertThat(avatar.get("expressions")).extracting(JsonNode::asText).containsExactly("amusement", "joy", "neutral");
        assertThat(avatar.get("expression_map").get("smirk").asText()).isEqualTo("amusement");
        assertThat(avatar.get("expression_map").get("joy").asText()).isEqualTo("joy");
        assertThat(avatar.get("expression_map").get("anger").asText()).isEqualTo("neutral");
        assertThat(avatar.get("files")).extracting(f -> f.get("name").asText())
                .containsExactlyInAnyOrder("amusement.png", "joy.png", "neutral.png");
        assertThat(bytes("/api/characters/" + miku + "/avatar/files/joy.png")).isEqualTo(AvatarSamples.png(8, 8, 0xffcc00));

        // the mapping is hers to edit, within her labels and our emotions
        HttpResponse<String> remapped = backend.send(backend.request("/api/characters/" + miku + "/avatar/expressions")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"expression_map\":{\"anger\":\"amusement\"}}")).build());
        assertThat(remapped.statusCode()).as(remapped.body()).isEqualTo(200);
        assertThat(json(remapped).get("expression_map").get("anger").asText()).isEqualTo("amusement");
        assertThat(json(remapped).get("expression_map").get("joy").asText()).isEqualTo("joy");
        assertProblem(backend.send(backend.request("/api/characters/" + miku + "/avatar/expressions")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"expression_map\":{\"anger\":\"rage\"}}")).build()), 400);
        assertProblem(backend.send(backend.request("/api/characters/" + miku + "/avatar/expressions")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"expression_map\":{\"bored\":\"joy\"}}")).build()), 400);

        // a new upload replaces the pack, files and all
        assertThat(json(put(miku, "me.png", AvatarSamples.png(16, 24, 0x112233))).get("kind").asText()).isEqualTo("image");
        assertThat(storedFiles()).hasSize(1);
    }

    @Test
    void aSinglePictureIsStored() throws Exception {
        byte[] png = AvatarSamples.png(16, 24, 0x112233);

        JsonNode avatar = json(put(miku, "me.png", png));

        assertThat(avatar.get("kind").asText()).isEqualTo("image");
        assertThat(avatar.get("expressions")).extracting(JsonNode::asText).containsExactly("neutral");
        JsonNode file = avatar.get("files").get(0);
        assertThat(file.get("name").asText()).isEqualTo("image.png");
        assertThat(file.get("media_type").asText()).isEqualTo("image/png");
        assertThat(bytes(file.get("url").asText())).isEqualTo(png);
    }

    @Test
    void badUploadsAreProblemsAndKeepNothing() throws Exception {
        byte[] noVrm = AvatarSamples.glb("{\"asset\":{\"version\":\"2.0\"}}", false);
        Map<String, byte[]> slip = Map.of("../evil.png", AvatarSamples.png(4, 4, 0));
        Map<String, byte[]> many = new LinkedHashMap<>();
        byte[] tiny = AvatarSamples.png(2, 2, 0x445566);
        for (int i = 0; i < 10_000; i++) {
            many.put("s" + i + ".png", tiny);
        }
        Map<String, byte[]> nested = Map.of("a/b/joy.png", AvatarSamples.png(4, 4, 0));
        Map<String, byte[]> notImage = Map.of("joy.png", "not a picture".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> absolute = Map.of("/etc/joy.png", AvatarSamples.png(4, 4, 0));
        byte[] bomb = AvatarSamples.zipBomb("joy.png", 160L * 1024 * 1024);
        assertThat(bomb.length).isLessThan(1024 * 1024);

        assertRefused(put(miku, "model.vrm", "hello, I am not a model at all".getBytes(StandardCharsets.UTF_8)), 400, "glTF");
        assertRefused(put(miku, "model.vrm", AvatarSamples.glb(AvatarSamples.vrm0Json("joy", "Joy"), true)), 400, "cut short");
        byte[] cutFile = AvatarSamples.glb(AvatarSamples.vrm0Json("joy", "Joy", "angry", "Angry"), false);
        assertRefused(put(miku, "model.vrm", java.util.Arrays.copyOf(cutFile, cutFile.length / 2)), 400, "damaged");
        assertRefused(put(miku, "model.vrm", noVrm), 400, "not a VRM");
        assertRefused(put(miku, "slip.zip", AvatarSamples.zip(slip)), 400, "unsafe");
        assertRefused(put(miku, "absolute.zip", AvatarSamples.zip(absolute)), 400, "unsafe");
        assertRefused(put(miku, "many.zip", AvatarSamples.zip(many)), 413, "more than 64");
        assertRefused(put(miku, "nested.zip", AvatarSamples.zip(nested)), 400, "too deep");
        assertRefused(put(miku, "fake.zip", AvatarSamples.zip(notImage)), 400, "not a PNG");
        assertRefused(put(miku, "bomb.zip", bomb), 413, "inflates to more than");
        assertRefused(put(miku, "huge.png", AvatarSamples.pngHeader(50_000, 50_000)), 413, "50000x50000");
        assertRefused(put(miku, "notes.txt", "just text".getBytes(StandardCharsets.UTF_8)), 415, "VRM");
        assertRefused(put(987_654, "me.png", AvatarSamples.png(4, 4, 0)), 404, "987654");
        assertProblem(backend.get("/api/characters/987654/avatar"), 404);
        assertProblem(backend.get("/api/characters/" + miku + "/avatar/files/..%2F..%2Fvtuber.db"), 404);
        assertThat(json(backend.get("/api/events?type=avatar.*")).get("events")).isEmpty();
    }

    @Test
    void aTwoGigabyteUploadIsRefusedBeforeItIsRead() throws Exception {
        String boundary = "----huge";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.png\"\r\n\r\n";
        // Headers and the first bytes only: the server must answer without waiting for (or holding) 2 GB.
        long start = System.nanoTime();
        String answer = RawHttp.exchange(backend.port(), "PUT /api/characters/" + miku + "/avatar HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + (2L * 1024 * 1024 * 1024) + "\r\n\r\n" + head);

        System.out.println("2 GB upload answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("AVATAR_MAX_MB");
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void withADataKeyHerAvatarIsSealedOnDiskAndServedPlain() throws Exception {
        backend.close();
        backend = TestBackend.start(dir.resolve("sealed"), Map.of("DATA_KEY", "avatar-test-key-0123456789"));
        long id = json(backend.get("/api/characters")).get(0).get("id").asLong();
        byte[] png = AvatarSamples.png(16, 16, 0x336699);

        JsonNode avatar = json(put(id, "me.png", png));

        Path stored;
        try (Stream<Path> files = Files.list(dir.resolve("sealed/data/avatars/files"))) {
            stored = files.findFirst().orElseThrow();
        }
        assertThat(new String(Files.readAllBytes(stored), 0, 7, StandardCharsets.US_ASCII)).isEqualTo("VTMSEAL");
        assertThat(bytes(avatar.get("files").get(0).get("url").asText())).isEqualTo(png);
    }

    private void assertRefused(HttpResponse<String> response, int status, String detail) throws Exception {
        assertProblem(response, status);
        assertThat(json(response).get("detail").asText()).contains(detail);
        assertThat(storedFiles()).isEmpty();
        assertThat(json(backend.get("/api/characters/" + miku + "/avatar")).get("kind").asText()).isEqualTo("portrait");
    }
}
