package dev.vtubermiku.speech.audio;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.IOException;
import java.io.OutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * 16-bit mono PCM encoded to MP3 as it comes (LAME, through jump3r: pure Java, LGPL-2.1+), for
 * clients that only take MP3 (SillyTavern asks for it). Frames are written as soon as LAME has them;
 * {@link #finish} flushes the last ones. One stream per response, one thread at a time.
 */
public final class Mp3Stream {

    private final LameEncoder encoder;
    private final OutputStream out;
    private final byte[] buffer;
    private final int chunkBytes;

    /** @param kbps constant bit rate (64 is plenty for speech) */
    public Mp3Stream(int sampleRate, int kbps, OutputStream out) {
        this.encoder = new LameEncoder(new AudioFormat(sampleRate, 16, 1, true, false), kbps, LameEncoder.CHANNEL_MODE_MONO,
                LameEncoder.QUALITY_MIDDLE, false);
        this.out = out;
        this.buffer = new byte[encoder.getMP3BufferSize()];
        this.chunkBytes = encoder.getPCMBufferSize();
    }

    public void write(short[] samples) throws IOException {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            pcm[2 * i] = (byte) samples[i];
            pcm[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        for (int off = 0; off < pcm.length; off += chunkBytes) {
            int n = encoder.encodeBuffer(pcm, off, Math.min(chunkBytes, pcm.length - off), buffer);
            out.write(buffer, 0, n);
        }
    }

    /** Writes what LAME still holds and releases it. */
    public void finish() throws IOException {
        try {
            out.write(buffer, 0, encoder.encodeFinish(buffer));
        } finally {
            encoder.close();
        }
    }

    /** A whole recording as MP3. */
    public static byte[] encode(short[] samples, int sampleRate, int kbps) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Mp3Stream mp3 = new Mp3Stream(sampleRate, kbps, out);
        try {
            mp3.write(samples);
            mp3.finish();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
