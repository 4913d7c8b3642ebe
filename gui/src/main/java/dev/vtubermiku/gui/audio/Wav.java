package dev.vtubermiku.gui.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** 16-bit little-endian PCM in a RIFF/WAVE container, the form {@code /api/stt} accepts. */
public final class Wav {

    private Wav() {}

    public static byte[] encode(byte[] pcm16le, int sampleRate, int channels) {
        ByteBuffer out = ByteBuffer.allocate(44 + pcm16le.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + pcm16le.length)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) channels).putInt(sampleRate).putInt(sampleRate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(pcm16le.length).put(pcm16le);
        return out.array();
    }

    /** Scales 16-bit little-endian samples in place by {@code gain} (0..1), clamping. */
    public static void scale(byte[] pcm16le, int length, double gain) {
        if (gain >= 0.999) {
            return;
        }
        for (int i = 0; i + 1 < length; i += 2) {
            int sample = (short) ((pcm16le[i] & 0xff) | (pcm16le[i + 1] << 8));
            int scaled = (int) Math.round(sample * gain);
            pcm16le[i] = (byte) scaled;
            pcm16le[i + 1] = (byte) (scaled >> 8);
        }
    }

    /** Root-mean-square level of 16-bit little-endian samples, 0..1 (for a level meter). */
    public static double level(byte[] pcm16le, int length) {
        if (length < 2) {
            return 0;
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            int sample = (short) ((pcm16le[i] & 0xff) | (pcm16le[i + 1] << 8));
            sum += (double) sample * sample;
            n++;
        }
        return Math.sqrt(sum / n) / 32768.0;
    }
}
