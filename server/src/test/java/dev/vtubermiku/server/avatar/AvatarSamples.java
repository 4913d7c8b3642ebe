package dev.vtubermiku.server.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import dev.vtubermiku.server.Fixtures;
import org.junit.jupiter.api.Assumptions;

/** Avatar files made in the test: pictures, zips, glTF binaries, and the shared VRM 1.0 fixture. */
public final class AvatarSamples {

    private AvatarSamples() {}

    /**
     * The VRM 1.0 sample of ../shared/fixtures (vrm-c/vrm-specification, VRM Public License 1.0, two
     * expressions: happy and blink); the test is skipped, saying why, when it is not there.
     */
    public static byte[] vrmFixture() throws IOException {
        Path file = Fixtures.file("vrm/expressions_sample.vrm");
        Assumptions.assumeTrue(Files.isRegularFile(file), "the VRM 1.0 fixture " + file + " is absent");
        return Files.readAllBytes(file);
    }

    /** A real PNG of one colour. */
    public static byte[] png(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xff000000 | rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The first bytes of a PNG whose header claims {@code width} × {@code height} pixels (no pixels follow). */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        b.put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        return b.array();
    }

    /** A multipart/form-data body with one part, {@code file}, holding {@code content}. */
    public static byte[] multipart(String boundary, String fileName, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** A zip of these entries (name to bytes), deflated. */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A small zip with one entry that inflates to {@code bytes} zero bytes. */
    public static byte[] zipBomb(String name, long bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry(name));
            byte[] zeros = new byte[1 << 20];
            zeros[0] = (byte) 0x89; // starts like a PNG, so only the size can refuse it
            for (long left = bytes; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(left, zeros.length));
                zeros[0] = 0;
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** A glTF binary with this JSON and a small binary chunk; {@code cutBinary} leaves the binary chunk short. */
    public static byte[] glb(String json, boolean cutBinary) {
        byte[] text = pad(json.getBytes(StandardCharsets.UTF_8), (byte) ' ');
        byte[] bin = new byte[16];
        int declaredBin = cutBinary ? bin.length + 64 : bin.length;
        int total = 12 + 8 + text.length + 8 + bin.length;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46546C67).putInt(2).putInt(total);
        b.putInt(text.length).putInt(0x4E4F534A).put(text);
        b.putInt(declaredBin).putInt(0x004E4942).put(bin);
        return b.array();
    }

    /** A minimal VRM 0.x model's JSON with these blend shape groups (presetName, name pairs). */
    public static String vrm0Json(String... presetAndName) {
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < presetAndName.length; i += 2) {
            groups.append(i == 0 ? "" : ",").append("{\"presetName\":\"").append(presetAndName[i])
                    .append("\",\"name\":\"").append(presetAndName[i + 1]).append("\",\"binds\":[]}");
        }
        return "{\"asset\":{\"version\":\"2.0\"},\"extensionsUsed\":[\"VRM\"],\"extensions\":{\"VRM\":{\"exporterVersion\":\"test\","
                + "\"blendShapeMaster\":{\"blendShapeGroups\":[" + groups + "]}}}}";
    }

    private static byte[] pad(byte[] bytes, byte with) {
        int length = (bytes.length + 3) / 4 * 4;
        byte[] out = java.util.Arrays.copyOf(bytes, length);
        java.util.Arrays.fill(out, bytes.length, length, with);
        return out;
    }
}
