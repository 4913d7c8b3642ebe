package dev.vtubermiku.server.character;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.store.CharacterDao;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** SillyTavern cards in and out: JSON, PNG text chunks, V1/V2/V3, and nothing lost on the way. */
class CardFilesTest {

    static final ObjectMapper JSON = Json.newMapper();

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CardFilesTest.class.getResourceAsStream("/cards/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A real PNG (drawn with ImageIO) with text chunks added by hand, independent of PngText. */
    static byte[] pngWithText(String keyword, String text) throws IOException {
        BufferedImage image = new BufferedImage(8, 12, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xff00aa);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "png", plain);
        byte[] png = plain.toByteArray();
        // IEND is always the last 12 bytes: put the tEXt chunk just before it.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, png.length - 12);
        byte[] data = (keyword + "\0" + text).getBytes(StandardCharsets.ISO_8859_1);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] type = "tEXt".getBytes(StandardCharsets.ISO_8859_1);
        out.write(type);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, png.length - 12, 12);
        return out.toByteArray();
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void readsARealV2CardAndMapsItsFields() throws IOException {
        CardFiles.Read read = CardFiles.read(resource("aria-v2.json"), JSON);

        CharacterDao.Fields fields = read.card().fields(null);
        assertThat(fields.name()).isEqualTo("Aria");
        assertThat(fields.profile()).startsWith("{{char}} is a starship navigator");
        assertThat(fields.personality()).isEqualTo("brave, sarcastic, loyal");
        assertThat(fields.greeting()).contains("We've got company");
        assertThat(fields.exampleDialogue()).startsWith("<START>");
        assertThat(fields.voice()).isNull();
        assertThat(read.card().scenario()).startsWith("Deep space");
        assertThat(read.image()).isNull();
        assertThat(read.card().isV3()).isFalse();
    }

    @Test
    void exportKeepsEveryFieldWeDoNotModel() throws IOException {
        JsonNode original = JSON.readTree(resource("aria-v2.json"));
        CharacterCard card = CardFiles.read(resource("aria-v2.json"), JSON).card();

        JsonNode exported = card.with(card.fields(null)).json();

        assertThat(exported).isEqualTo(original);
    }

    @Test
    void ourFieldsGoIntoTheStandardOnesAndOurExtension() throws IOException {
        CharacterCard card = CardFiles.read(resource("aria-v2.json"), JSON).card();
        var edited = new CharacterDao.Fields("Aria Prime", "new description", "calm", "https://example.org/aria.png",
                "Hello.", "<START>\nhi", "en_US-amy-medium", null);

        ObjectNode exported = card.with(edited).json();

        JsonNode data = exported.get("data");
        assertThat(data.get("name").asText()).isEqualTo("Aria Prime");
        assertThat(data.get("description").asText()).isEqualTo("new description");
        assertThat(data.get("first_mes").asText()).isEqualTo("Hello.");
        assertThat(data.path("extensions").path("vtubermiku").path("voice").asText()).isEqualTo("en_US-amy-medium");
        assertThat(data.path("extensions").path("vtubermiku").path("avatar_url").asText()).isEqualTo("https://example.org/aria.png");
        assertThat(data.path("extensions").path("chub").path("id").asInt()).isEqualTo(123456);
        assertThat(data.path("character_book").path("entries").get(0).path("content").asText()).contains("Halcyon");
        assertThat(exported.get("create_date").asText()).isEqualTo("2025-03-14T09:26:53.589Z");

        // and back: the voice and avatar come out of the extension again
        CharacterDao.Fields again = CharacterCard.of(exported).fields(null);
        assertThat(again.voice()).isEqualTo("en_US-amy-medium");
        assertThat(again.avatarUrl()).isEqualTo("https://example.org/aria.png");
    }

    @Test
    void aLocalAvatarIsNotWrittenIntoTheCard() throws IOException {
        CharacterCard card = CardFiles.read(resource("aria-v2.json"), JSON).card();
        var fields = new CharacterDao.Fields("Aria", "", "", "/api/characters/3/avatar", "", "", null, null);

        assertThat(card.with(fields).json().path("data").path("extensions").has("vtubermiku")).isFalse();
    }

    @Test
    void readsTheCardFromAPngItsImageKeptWithoutTheCard() throws IOException {
        byte[] png = pngWithText("chara", base64(resource("aria-v2.json")));

        CardFiles.Read read = CardFiles.read(png, JSON);

        assertThat(read.card().fields(null).name()).isEqualTo("Aria");
        assertThat(read.image()).isNotNull();
        assertThat(PngText.read(read.image())).isEmpty();
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(read.image()));
        assertThat(image.getWidth()).isEqualTo(8);
        assertThat(image.getRGB(3, 4) & 0xffffff).isEqualTo(0xff00aa);
    }

    @Test
    void prefersTheV3ChunkAndWritesBothForAV3Card() throws IOException {
        ObjectNode v3 = (ObjectNode) JSON.readTree(resource("aria-v2.json"));
        v3.put("spec", "chara_card_v3").put("spec_version", "3.0");
        ((ObjectNode) v3.get("data")).put("nickname", "Ari").putArray("group_only_greetings").add("Hi all.");
        ((ObjectNode) v3.get("data")).putArray("assets").addObject().put("type", "icon").put("uri", "ccdefault:")
                .put("name", "main").put("ext", "png");
        byte[] png = pngWithText("ccv3", base64(JSON.writeValueAsBytes(v3)));
        byte[] both = PngText.write(png, java.util.Map.of("chara", base64("{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"Old\"}}"
                .getBytes(StandardCharsets.UTF_8))));

        CharacterCard card = CardFiles.read(both, JSON).card();
        assertThat(card.isV3()).isTrue();
        assertThat(card.fields(null).name()).isEqualTo("Aria");

        byte[] exported = CardFiles.png(card.with(card.fields(null)), null);
        var texts = PngText.read(exported);
        assertThat(texts).containsKeys("chara", "ccv3");
        JsonNode v2 = JSON.readTree(Base64.getDecoder().decode(texts.get("chara")));
        assertThat(v2.get("spec").asText()).isEqualTo("chara_card_v2");
        assertThat(JSON.readTree(Base64.getDecoder().decode(texts.get("ccv3")))).isEqualTo(v3);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(exported))).isNotNull();
    }

    @Test
    void liftsAV1CardIntoV2KeepingItsFields() throws IOException {
        String v1 = """
                {"name": "Bob", "description": "A baker.", "personality": "jolly", "scenario": "", "first_mes": "Bread?",
                 "mes_example": "", "metadata": {"version": 1}}
                """;

        CharacterCard card = CardFiles.read(v1.getBytes(StandardCharsets.UTF_8), JSON).card();

        assertThat(card.fields(null).greeting()).isEqualTo("Bread?");
        ObjectNode json = card.json();
        assertThat(json.get("spec").asText()).isEqualTo("chara_card_v2");
        assertThat(json.path("data").path("metadata").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void readsUtf8WithAByteOrderMark() throws IOException {
        byte[] card = "\uFEFF{\"spec\":\"chara_card_v2\",\"spec_version\":\"2.0\",\"data\":{\"name\":\"初音\"}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(CardFiles.read(card, JSON).card().fields(null).name()).isEqualTo("初音");
    }

    @Test
    void refusesWhatIsNotACard() throws IOException {
        assertThatThrownBy(() -> CardFiles.read("hello".getBytes(StandardCharsets.UTF_8), JSON))
                .isInstanceOfSatisfying(InvalidCardException.class, e -> assertThat(e.unsupportedMediaType()).isTrue());
        assertThatThrownBy(() -> CardFiles.read("{\"foo\": 1}".getBytes(StandardCharsets.UTF_8), JSON))
                .hasMessageContaining("not a character card");
        assertThatThrownBy(() -> CardFiles.read("{\"spec\":\"chara_card_v9\",\"data\":{}}".getBytes(StandardCharsets.UTF_8), JSON))
                .hasMessageContaining("chara_card_v9");
        assertThatThrownBy(() -> CardFiles.read("{\"name\": ".getBytes(StandardCharsets.UTF_8), JSON))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CardFiles.read("{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"  \"}}"
                .getBytes(StandardCharsets.UTF_8), JSON)).hasMessageContaining("no name");
        assertThatThrownBy(() -> CardFiles.read(pngWithText("Comment", "just a picture"), JSON))
                .hasMessageContaining("no character card");
        assertThatThrownBy(() -> CardFiles.read(pngWithText("chara", "%%% not base64 %%%"), JSON))
                .hasMessageContaining("base64");
    }

    @Test
    void refusesADamagedOrTruncatedPng() throws IOException {
        byte[] png = pngWithText("chara", base64(resource("aria-v2.json")));
        byte[] damaged = png.clone();
        damaged[40] ^= 0x5a;
        byte[] truncated = java.util.Arrays.copyOf(png, png.length - 30);

        assertThatThrownBy(() -> CardFiles.read(damaged, JSON)).isInstanceOf(InvalidCardException.class)
                .hasMessageContaining("damaged");
        assertThatThrownBy(() -> CardFiles.read(truncated, JSON)).isInstanceOf(InvalidCardException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void placeholdersAndMacrosForAPersona() {
        assertThat(Characters.expand("{{char}} waves at {{User}}. <BOT> and <USER>.", "Miku"))
                .isEqualTo("Miku waves at Streamer. Miku and Streamer.");
        assertThat(Characters.expand("{{char}} costs $5", "A$AP")).isEqualTo("A$AP costs $5");
    }
}
