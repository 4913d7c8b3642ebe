package dev.vtubermiku.server.training;

import java.io.ByteArrayOutputStream;

/**
 * Makes compressed versions of a recording for the tests: MP3 with LAME (jump3r), FLAC written here
 * (verbatim subframes: valid FLAC that any decoder reads, just not compressed), Ogg Vorbis with
 * Xiph's own {@code oggenc} (vorbis-tools; there is no Vorbis encoder for Java on Maven Central, and
 * .ci/run installs it).
 */
final class TestEncoders {

    private TestEncoders() {}

    /** Ogg Vorbis by oggenc, or empty when oggenc is not installed. */
    static java.util.Optional<byte[]> ogg(short[] pcm, int rate) throws java.io.IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("oggenc", "-Q", "-r", "-B", "16", "-C", "1", "-R", Integer.toString(rate), "-q", "4",
                    "-o", "-", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty(); // not installed
        }
        byte[] in = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            in[2 * i] = (byte) pcm[i];
            in[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (var stdin = p.getOutputStream()) {
                stdin.write(in);
            } catch (java.io.IOException ignored) {
                // oggenc died: its exit code says so below
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        feeder.join();
        if (p.waitFor() != 0 || out.length == 0) {
            throw new java.io.IOException("oggenc failed (exit " + p.exitValue() + ")");
        }
        return java.util.Optional.of(out);
    }

    static byte[] mp3(short[] pcm, int rate) {
        return dev.vtubermiku.speech.audio.Mp3Stream.encode(pcm, rate, 128);
    }

    static byte[] flac(short[] pcm, int rate) {
        int block = 4096;
        Bits b = new Bits();
        b.bytes("fLaC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put(1, 1); // last metadata block
        b.put(0, 7); // STREAMINFO
        b.put(34, 24);
        b.put(block, 16);
        b.put(block, 16);
        b.put(0, 24);
        b.put(0, 24);
        b.put(rate, 20);
        b.put(0, 3); // channels - 1
        b.put(15, 5); // bits per sample - 1
        b.put(pcm.length >>> 32, 4);
        b.put(pcm.length, 32);
        for (int i = 0; i < 16; i++) {
            b.put(0, 8); // MD5 unknown
        }
        int frame = 0;
        for (int start = 0; start < pcm.length; start += block, frame++) {
            int n = Math.min(block, pcm.length - start);
            Bits f = new Bits();
            f.put(0b11111111111110, 14);
            f.put(0, 1);
            f.put(0, 1); // fixed block size
            f.put(0b0111, 4); // block size: 16 bits at the end of the header
            f.put(0, 4); // sample rate from STREAMINFO
            f.put(0, 4); // mono
            f.put(0b100, 3); // 16 bits per sample
            f.put(0, 1);
            f.bytes(utf8(frame));
            f.put(n - 1, 16);
            f.put(crc8(f.toByteArray()), 8);
            f.put(0b00000010, 8); // VERBATIM subframe, no wasted bits
            for (int i = 0; i < n; i++) {
                f.put(pcm[start + i] & 0xFFFF, 16);
            }
            byte[] bytes = f.toByteArray();
            b.bytes(bytes);
            b.put(crc16(bytes), 16);
        }
        return b.toByteArray();
    }

    private static byte[] utf8(int v) {
        if (v < 0x80) {
            return new byte[] {(byte) v};
        }
        if (v < 0x800) {
            return new byte[] {(byte) (0xC0 | v >> 6), (byte) (0x80 | v & 0x3F)};
        }
        return new byte[] {(byte) (0xE0 | v >> 12), (byte) (0x80 | v >> 6 & 0x3F), (byte) (0x80 | v & 0x3F)};
    }

    private static int crc8(byte[] data) {
        int crc = 0;
        for (byte d : data) {
            crc ^= d & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16(byte[] data) {
        int crc = 0;
        for (byte d : data) {
            crc ^= (d & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x8005) & 0xFFFF : crc << 1 & 0xFFFF;
            }
        }
        return crc;
    }

    /** A big-endian bit writer. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        void put(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                acc = acc << 1 | (value >>> i & 1);
                if (++n == 8) {
                    out.write((int) acc);
                    acc = 0;
                    n = 0;
                }
            }
        }

        void bytes(byte[] bytes) {
            for (byte x : bytes) {
                put(x & 0xFF, 8);
            }
        }

        byte[] toByteArray() {
            if (n != 0) {
                throw new IllegalStateException("not byte-aligned");
            }
            return out.toByteArray();
        }
    }
}
