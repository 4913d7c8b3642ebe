package dev.vtubermiku.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * The binary messages of a voice session on {@code /ws} (text messages stay JSON). Every number is
 * little-endian, like the PCM itself.
 *
 * <p><b>Client → server</b>: the microphone, as bare PCM: 16 kHz, signed 16-bit little-endian, mono;
 * an even number of bytes, at most {@link #MAX_INPUT_BYTES} per message (20 ms = 640 bytes is the
 * natural size). Only between {@code voice.start} and {@code voice.stop}.
 *
 * <p><b>Server → client</b>: the character's voice, one message per 20 ms of audio, sent in real time
 * with a small lead (play each as it arrives, in {@code seq} order):
 * <pre>
 * offset size
 *  0     1   kind: 1 = audio
 *  1     1   flags: bit 0 = last frame of its chunk, bit 1 = last frame of the turn
 *  2     2   chunk: the reply chunk (sentence or clause) the frame belongs to, from 0
 *  4     4   seq: the frame's number within the voice session, from 0, without gaps
 *  8     4   sample rate in Hz (the voice's own, 22050 for most Piper voices)
 * 12    16   turn id: the UUID of the turn, the {@code turn_id} of its events (most significant byte first)
 * 28     …   PCM, signed 16-bit little-endian mono
 * </pre>
 * When the streamer interrupts her (barge-in), the server stops sending and publishes
 * {@code speech.finished} with {@code interrupted: true}: a client then drops what it still buffers
 * of that turn.
 */
public final class VoiceFrames {

    public static final int INPUT_SAMPLE_RATE = 16_000;
    public static final int MAX_INPUT_BYTES = 64 * 1024;
    public static final int HEADER_BYTES = 28;
    public static final byte KIND_AUDIO = 1;
    public static final int FLAG_CHUNK_END = 1;
    public static final int FLAG_TURN_END = 2;

    /** One frame of the character's voice. */
    public record AudioFrame(UUID turnId, long seq, int chunk, int sampleRate, int flags, short[] samples) {

        public boolean chunkEnd() {
            return (flags & FLAG_CHUNK_END) != 0;
        }

        public boolean turnEnd() {
            return (flags & FLAG_TURN_END) != 0;
        }
    }

    private VoiceFrames() {}

    public static byte[] encode(AudioFrame frame) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + frame.samples().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(KIND_AUDIO).put((byte) frame.flags()).putShort((short) frame.chunk()).putInt((int) frame.seq())
                .putInt(frame.sampleRate());
        ByteBuffer uuid = ByteBuffer.allocate(16); // big-endian: the UUID's own byte order
        uuid.putLong(frame.turnId().getMostSignificantBits()).putLong(frame.turnId().getLeastSignificantBits());
        b.put(uuid.array());
        for (short s : frame.samples()) {
            b.putShort(s);
        }
        return b.array();
    }

    /** @throws IllegalArgumentException when the bytes are not an audio frame */
    public static AudioFrame decode(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < HEADER_BYTES || b.get(0) != KIND_AUDIO || (b.remaining() - HEADER_BYTES) % 2 != 0) {
            throw new IllegalArgumentException("not a voice audio frame (" + b.remaining() + " bytes)");
        }
        int flags = b.get(1) & 0xff;
        int chunk = b.getShort(2) & 0xffff;
        long seq = b.getInt(4) & 0xffffffffL;
        int rate = b.getInt(8);
        UUID turn = new UUID(b.order(ByteOrder.BIG_ENDIAN).getLong(12), b.getLong(20));
        b.order(ByteOrder.LITTLE_ENDIAN).position(HEADER_BYTES);
        short[] samples = new short[b.remaining() / 2];
        b.asShortBuffer().get(samples);
        return new AudioFrame(turn, seq, chunk, rate, flags, samples);
    }

    /** Microphone PCM as a client sends it. */
    public static byte[] pcm(short[] samples, int from, int to) {
        ByteBuffer b = ByteBuffer.allocate((to - from) * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            b.putShort(samples[i]);
        }
        return b.array();
    }

    /**
     * Microphone PCM as the server reads it, as floats in [-1, 1].
     *
     * @throws IllegalArgumentException for an odd or oversized message
     */
    public static float[] readPcm(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n % 2 != 0 || n > MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("microphone frames are 16-bit PCM: an even number of bytes up to "
                    + MAX_INPUT_BYTES + ", got " + n);
        }
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[n / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort(i * 2) / 32768f;
        }
        return out;
    }
}
