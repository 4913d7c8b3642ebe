package dev.vtubermiku.server.avatar;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The format and size of a PNG, JPEG or WebP picture, read from its first bytes by magic number
 * and header fields, never by decoding: a header that claims 50,000 × 50,000 pixels is refused
 * before anything that size is allocated.
 *
 * @param format png, jpg or webp (also the stored file's extension)
 */
record ImageHeader(String format, String mediaType, int width, int height) {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** True when the first bytes are those of a PNG, JPEG or WebP file. */
    static boolean looksLikeImage(byte[] head) {
        return isPng(head) || isJpeg(head) || isWebp(head);
    }

    /**
     * Reads the header of {@code in} (consuming part of it) and checks the size against {@code maxSide}.
     *
     * @throws InvalidAvatarException when it is not one of the three formats, is cut short, or is too large
     */
    static ImageHeader read(InputStream in, String name, int maxSide) throws IOException {
        byte[] head = in.readNBytes(30);
        ImageHeader header;
        try {
            header = parse(head, in).orElseThrow(() -> InvalidAvatarException.invalid(
                    name + " is not a PNG, JPEG or WebP picture."));
        } catch (EOFException e) {
            throw InvalidAvatarException.invalid(name + " is cut short: its picture header is incomplete.");
        }
        if (header.width() <= 0 || header.height() <= 0) {
            throw InvalidAvatarException.invalid(name + " claims an empty picture (" + header.width() + "x" + header.height() + ").");
        }
        if (header.width() > maxSide || header.height() > maxSide) {
            throw InvalidAvatarException.tooLarge(name + " is " + header.width() + "x" + header.height()
                    + " pixels; at most " + maxSide + "x" + maxSide + " are accepted.");
        }
        return header;
    }

    private static Optional<ImageHeader> parse(byte[] head, InputStream rest) throws IOException {
        if (isPng(head)) {
            if (head.length < 24 || !"IHDR".equals(new String(head, 12, 4, StandardCharsets.US_ASCII))) {
                throw new EOFException();
            }
            return Optional.of(new ImageHeader("png", "image/png", int32(head, 16), int32(head, 20)));
        }
        if (isWebp(head)) {
            return webp(head);
        }
        if (isJpeg(head)) {
            return jpeg(head, rest);
        }
        return Optional.empty();
    }

    private static Optional<ImageHeader> webp(byte[] h) throws EOFException {
        if (h.length < 30) {
            throw new EOFException();
        }
        String chunk = new String(h, 12, 4, StandardCharsets.US_ASCII);
        return switch (chunk) {
            // lossy: a key frame's start code, then 14-bit width and height
            case "VP8 " -> h[23] == (byte) 0x9d && h[24] == 0x01 && h[25] == 0x2a
                    ? Optional.of(new ImageHeader("webp", "image/webp", u16le(h, 26) & 0x3fff, u16le(h, 28) & 0x3fff))
                    : Optional.empty();
            // lossless: signature 0x2f, then 14-bit width-1 and height-1
            case "VP8L" -> {
                if (h[20] != 0x2f) {
                    yield Optional.empty();
                }
                long bits = (h[21] & 0xffL) | (h[22] & 0xffL) << 8 | (h[23] & 0xffL) << 16 | (h[24] & 0xffL) << 24;
                yield Optional.of(new ImageHeader("webp", "image/webp", (int) (bits & 0x3fff) + 1, (int) (bits >> 14 & 0x3fff) + 1));
            }
            // extended: 24-bit canvas width-1 and height-1
            case "VP8X" -> Optional.of(new ImageHeader("webp", "image/webp", u24le(h, 24) + 1, u24le(h, 27) + 1));
            default -> Optional.empty();
        };
    }

    /** Walks the JPEG's segments (skipping, never buffering them) to its start-of-frame marker. */
    private static Optional<ImageHeader> jpeg(byte[] head, InputStream rest) throws IOException {
        InputStream in = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head, 2, head.length - 2), rest);
        for (int segments = 0; segments < 1000; segments++) {
            int marker = in.read();
            while (marker == 0xff) {
                marker = in.read();
            }
            if (marker < 0) {
                throw new EOFException();
            }
            if (marker == 0xd8 || marker >= 0xd0 && marker <= 0xd7 || marker == 0x01) {
                continue; // markers without a length
            }
            byte[] len = in.readNBytes(2);
            if (len.length < 2) {
                throw new EOFException();
            }
            int length = (len[0] & 0xff) << 8 | len[1] & 0xff;
            if (length < 2) {
                return Optional.empty();
            }
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                byte[] sof = in.readNBytes(5);
                if (sof.length < 5) {
                    throw new EOFException();
                }
                int height = (sof[1] & 0xff) << 8 | sof[2] & 0xff;
                int width = (sof[3] & 0xff) << 8 | sof[4] & 0xff;
                return Optional.of(new ImageHeader("jpg", "image/jpeg", width, height));
            }
            if (marker == 0xd9 || marker == 0xda) {
                return Optional.empty(); // image data before any frame header
            }
            in.skipNBytes(length - 2);
        }
        return Optional.empty();
    }

    private static boolean isPng(byte[] h) {
        return h.length >= 8 && Arrays.equals(h, 0, 8, PNG, 0, 8);
    }

    private static boolean isJpeg(byte[] h) {
        return h.length >= 3 && (h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xd8 && (h[2] & 0xff) == 0xff;
    }

    private static boolean isWebp(byte[] h) {
        return h.length >= 16 && "RIFF".equals(new String(h, 0, 4, StandardCharsets.US_ASCII))
                && "WEBP".equals(new String(h, 8, 4, StandardCharsets.US_ASCII));
    }

    private static int int32(byte[] b, int at) {
        long v = (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | b[at + 3] & 0xffL;
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u24le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }
}
