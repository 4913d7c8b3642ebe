package dev.vtubermiku.server.avatar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A sprite pack in SillyTavern's expression layout: a zip of {@code <label>.png|webp|jpg}, flat or
 * in one top folder. Read as a stream; every limit is counted on the bytes actually inflated, never
 * taken from the zip's headers, so a bomb or a lying header stops at the limit.
 */
final class SpritePack {

    static final int MAX_ENTRIES = 64;
    static final long MAX_ENTRY_BYTES = 8L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 96L * 1024 * 1024;
    static final int MAX_SIDE = 4096;
    private static final Pattern NAME = Pattern.compile("(?:([^/\\\\]{1,100})/)?([A-Za-z0-9_-]{1,40})\\.(png|webp|jpe?g)",
            Pattern.CASE_INSENSITIVE);

    /** One checked sprite; {@code bytes} is its whole file. */
    record Sprite(String label, ImageHeader header, byte[] bytes) {
        String fileName() {
            return label + "." + header.format();
        }
    }

    /** Receives each sprite once it is checked. */
    @FunctionalInterface
    interface Sink {
        void accept(Sprite sprite) throws IOException;
    }

    private SpritePack() {}

    /**
     * Checks the pack in {@code in}, handing each sprite to {@code sink} as it goes; returns the labels.
     *
     * @throws InvalidAvatarException at the first entry that breaks a rule
     */
    static Set<String> read(InputStream in, Sink sink) throws IOException {
        Set<String> labels = new java.util.TreeSet<>();
        Set<String> folders = new HashSet<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > MAX_ENTRIES + 8) {
                    throw InvalidAvatarException.tooLarge("The sprite pack has more than " + MAX_ENTRIES + " files.");
                }
                String name = entry.getName();
                if (ignored(name)) {
                    continue;
                }
                checkSafe(name);
                if (entry.isDirectory()) {
                    folders.add(name.substring(0, name.length() - 1));
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    throw InvalidAvatarException.invalid("\"" + printable(name) + "\" is not a sprite: a pack holds only "
                            + "<label>.png, .webp or .jpg files (labels of letters, digits, _ and -), flat or in one folder.");
                }
                if (m.group(1) != null) {
                    folders.add(m.group(1));
                }
                if (folders.size() > 1) {
                    throw InvalidAvatarException.invalid("The sprite pack has more than one folder; put the sprites in one.");
                }
                String label = m.group(2).toLowerCase(Locale.ROOT);
                if (!labels.add(label)) {
                    throw InvalidAvatarException.invalid("The sprite pack has two pictures for \"" + label + "\".");
                }
                if (labels.size() > MAX_ENTRIES) {
                    throw InvalidAvatarException.tooLarge("The sprite pack has more than " + MAX_ENTRIES + " sprites.");
                }
                byte[] bytes = inflate(zip, name, MAX_TOTAL_BYTES - total);
                total += bytes.length;
                ImageHeader header = ImageHeader.read(new ByteArrayInputStream(bytes), name, MAX_SIDE);
                decodes(bytes, header, name);
                sink.accept(new Sprite(label, header, bytes));
            }
        } catch (ZipException | java.io.EOFException e) {
            throw InvalidAvatarException.invalid("The sprite pack is not a readable zip: " + printable(String.valueOf(e.getMessage())));
        } catch (IllegalArgumentException e) { // a malformed entry name (bad UTF-8)
            throw InvalidAvatarException.invalid("The sprite pack has an entry name that cannot be read.");
        }
        if (labels.isEmpty()) {
            throw InvalidAvatarException.invalid("The sprite pack holds no sprites.");
        }
        return labels;
    }

    /** Inflates one entry, stopping as soon as it passes the per-entry or the remaining total limit. */
    private static byte[] inflate(ZipInputStream zip, String name, long totalLeft) throws IOException {
        long limit = Math.min(MAX_ENTRY_BYTES, totalLeft);
        byte[] bytes = zip.readNBytes((int) limit + 1);
        if (bytes.length > limit) {
            throw InvalidAvatarException.tooLarge(limit == MAX_ENTRY_BYTES
                    ? printable(name) + " inflates to more than " + MAX_ENTRY_BYTES / (1024 * 1024) + " MB."
                    : "The sprite pack inflates to more than " + MAX_TOTAL_BYTES / (1024 * 1024) + " MB.");
        }
        return bytes;
    }

    /** Decodes PNG and JPEG sprites (at 1/8 resolution: every byte read, little memory); WebP is checked by its header. */
    private static void decodes(byte[] bytes, ImageHeader header, String name) throws IOException {
        if (header.format().equals("webp")) {
            return;
        }
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw InvalidAvatarException.invalid(printable(name) + " is not a picture that can be read.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(8, 8, 0, 0);
                reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw InvalidAvatarException.invalid(printable(name) + " does not decode as a picture.");
        }
    }

    private static boolean ignored(String name) {
        return name.startsWith("__MACOSX/") || name.endsWith(".DS_Store") || name.endsWith("Thumbs.db");
    }

    private static void checkSafe(String name) {
        if (name.isEmpty() || name.length() > 200 || name.startsWith("/") || name.startsWith("\\") || name.contains("\\")
                || name.contains(":") || name.contains("\0")) {
            throw InvalidAvatarException.invalid("The sprite pack has an unsafe entry name: \"" + printable(name) + "\".");
        }
        for (String part : name.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw InvalidAvatarException.invalid("The sprite pack has an unsafe entry name: \"" + printable(name) + "\".");
            }
        }
        if (name.chars().filter(c -> c == '/').count() > 1) {
            throw InvalidAvatarException.invalid("\"" + printable(name) + "\" is nested too deep: sprites go flat or in one folder.");
        }
    }

    static String printable(String s) {
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 80 ? p.substring(0, 80) + "…" : p;
    }
}
