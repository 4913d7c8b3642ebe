package dev.vtubermiku.server.character;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The text chunks of a PNG file: where SillyTavern keeps a character card (base64 JSON under the
 * keyword {@code chara}, V3 also under {@code ccv3}). Reads {@code tEXt} and uncompressed
 * {@code iTXt}; checks every chunk's CRC, so a damaged file is refused rather than half-read.
 */
final class PngText {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngText() {}

    static boolean isPng(byte[] bytes) {
        return bytes.length >= SIGNATURE.length && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /** Every text chunk by keyword (the first of a keyword wins). */
    static Map<String, String> read(byte[] png) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Chunk chunk : chunks(png)) {
            switch (chunk.type()) {
                case "tEXt" -> {
                    int nul = indexOf(chunk.data(), 0);
                    if (nul > 0) {
                        texts.putIfAbsent(new String(chunk.data(), 0, nul, StandardCharsets.ISO_8859_1),
                                new String(chunk.data(), nul + 1, chunk.data().length - nul - 1, StandardCharsets.ISO_8859_1));
                    }
                }
                case "iTXt" -> readInternational(chunk.data(), texts);
                default -> { }
            }
        }
        return texts;
    }

    /**
     * The same image with {@code texts} as its only text chunks of those keywords: older chunks
     * with the same keywords are dropped, the new ones go just before IEND.
     */
    static byte[] write(byte[] png, Map<String, String> texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + texts.values().stream().mapToInt(String::length).sum() + 64);
        out.writeBytes(SIGNATURE);
        Set<String> replaced = texts.keySet();
        for (Chunk chunk : chunks(png)) {
            if (chunk.type().equals("IEND")) {
                texts.forEach((keyword, text) -> writeChunk(out, "tEXt", textData(keyword, text)));
            } else if ((chunk.type().equals("tEXt") || chunk.type().equals("iTXt")) && replaced.contains(keyword(chunk.data()))) {
                continue;
            }
            writeChunk(out, chunk.type(), chunk.data());
        }
        return out.toByteArray();
    }

    /** The image without the text chunks of these keywords (an avatar without its card). */
    static byte[] strip(byte[] png, Set<String> keywords) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.writeBytes(SIGNATURE);
        for (Chunk chunk : chunks(png)) {
            boolean text = chunk.type().equals("tEXt") || chunk.type().equals("iTXt");
            if (!text || !keywords.contains(keyword(chunk.data()))) {
                writeChunk(out, chunk.type(), chunk.data());
            }
        }
        return out.toByteArray();
    }

    private record Chunk(String type, byte[] data) {}

    private static List<Chunk> chunks(byte[] png) {
        if (!isPng(png)) {
            throw new InvalidCardException("The file is not a PNG image.", true);
        }
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(png, SIGNATURE.length, png.length - SIGNATURE.length);
        boolean ended = false;
        while (!ended) {
            if (in.remaining() < 12) {
                throw new InvalidCardException("The PNG image is truncated.");
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining() - 8) {
                throw new InvalidCardException("The PNG image is truncated or damaged (a chunk runs past the end).");
            }
            byte[] typeBytes = new byte[4];
            in.get(typeBytes);
            byte[] data = new byte[length];
            in.get(data);
            int crc = in.getInt();
            CRC32 check = new CRC32();
            check.update(typeBytes);
            check.update(data);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            if ((int) check.getValue() != crc) {
                throw new InvalidCardException("The PNG image is damaged (checksum error in its " + type + " chunk).");
            }
            if (chunks.isEmpty() && !type.equals("IHDR")) {
                throw new InvalidCardException("The PNG image is damaged (it does not start with a header chunk).");
            }
            chunks.add(new Chunk(type, data));
            ended = type.equals("IEND");
        }
        return chunks;
    }

    private static void readInternational(byte[] data, Map<String, String> texts) {
        // keyword NUL compression-flag compression-method language NUL translated-keyword NUL text
        int keywordEnd = indexOf(data, 0);
        if (keywordEnd <= 0 || keywordEnd + 2 >= data.length || data[keywordEnd + 1] != 0) {
            return; // compressed iTXt: SillyTavern never writes it
        }
        int languageEnd = indexOf(data, keywordEnd + 3);
        int translatedEnd = languageEnd < 0 ? -1 : indexOf(data, languageEnd + 1);
        if (translatedEnd < 0) {
            return;
        }
        texts.putIfAbsent(new String(data, 0, keywordEnd, StandardCharsets.ISO_8859_1),
                new String(data, translatedEnd + 1, data.length - translatedEnd - 1, StandardCharsets.UTF_8));
    }

    private static String keyword(byte[] data) {
        int nul = indexOf(data, 0);
        return nul < 0 ? "" : new String(data, 0, nul, StandardCharsets.ISO_8859_1);
    }

    private static byte[] textData(String keyword, String text) {
        byte[] k = keyword.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = new byte[k.length + 1 + t.length];
        System.arraycopy(k, 0, data, 0, k.length);
        System.arraycopy(t, 0, data, k.length + 1, t.length);
        return data;
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
