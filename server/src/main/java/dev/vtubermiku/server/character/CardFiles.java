package dev.vtubermiku.server.character;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/** Character cards as files: JSON, or a PNG image with the card in its text chunks. */
final class CardFiles {

    static final String CHARA = "chara";
    static final String CCV3 = "ccv3";

    private CardFiles() {}

    /** A card read from a file, with the image it came in (text chunks removed), if any. */
    record Read(CharacterCard card, byte @Nullable [] image) {}

    static Read read(byte[] bytes, ObjectMapper json) {
        if (PngText.isPng(bytes)) {
            Map<String, String> texts = PngText.read(bytes);
            String encoded = texts.containsKey(CCV3) ? texts.get(CCV3) : texts.get(CHARA);
            if (encoded == null) {
                throw new InvalidCardException("The PNG image holds no character card (no \"chara\" or \"ccv3\" text chunk).");
            }
            byte[] decoded;
            try {
                decoded = Base64.getMimeDecoder().decode(encoded.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidCardException("The PNG's card is not valid base64: " + e.getMessage());
            }
            return new Read(CharacterCard.of(parse(decoded, json, "The PNG's card")), PngText.strip(bytes, Set.of(CHARA, CCV3)));
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        int first = start;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first >= bytes.length || bytes[first] != '{') {
            throw new InvalidCardException("A character card must be a JSON file or a PNG image with the card inside.", true);
        }
        byte[] body = start == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        return new Read(CharacterCard.of(parse(body, json, "The card")), null);
    }

    /**
     * The card inside a PNG image: {@code chara} holds it under the V2 spec name for every reader,
     * {@code ccv3} as well when it is a V3 card (what SillyTavern writes).
     */
    static byte[] png(CharacterCard card, byte @Nullable [] image) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(CHARA, base64(card.asV2()));
        if (card.isV3()) {
            texts.put(CCV3, base64(card));
        }
        return PngText.write(image == null ? placeholder() : image, texts);
    }

    private static String base64(CharacterCard card) {
        return Base64.getEncoder().encodeToString(card.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] bytes, ObjectMapper json, String what) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null) {
                throw new InvalidCardException(what + " is empty.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidCardException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain 400×600 portrait for a character without an image: a soft vertical gradient. */
    private static byte[] placeholder() {
        BufferedImage image = new BufferedImage(400, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            int r = 0x39 + (0x86 - 0x39) * y / 599;
            int g = 0xc5 + (0x5d - 0xc5) * y / 599;
            int b = 0xbb + (0xd6 - 0xbb) * y / 599;
            int rgb = (r << 16) | (g << 8) | b;
            for (int x = 0; x < 400; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
