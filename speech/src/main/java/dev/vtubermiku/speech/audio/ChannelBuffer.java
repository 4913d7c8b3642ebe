package dev.vtubermiku.speech.audio;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Decoded frames collected per channel as a decoder produces them, with every limit checked before
 * the frames are taken: the length, the sample rate, and the expansion ratio (samples per input byte
 * read so far), which stops a decompression bomb after a few seconds of output instead of hours.
 * When only the facts are wanted ({@link #keep} false) the frames are counted, not held.
 */
final class ChannelBuffer {

    /** Far more than any real codec at any bitrate (low-bitrate Vorbis and MP3 reach about 25). */
    static final int MAX_SAMPLES_PER_BYTE = 256;
    /** Below this many samples the ratio is not judged: a short file of silence is fine. */
    static final long RATIO_FLOOR_SAMPLES = 2_000_000;
    static final int MAX_SAMPLE_RATE = 384_000;

    private final int channels;
    private final int sampleRate;
    private final AudioLimits limits;
    private final LongSupplier consumedBytes;
    private final boolean keep;
    private float[][] data;
    private int frames;
    private String format = "";
    private int bits;

    ChannelBuffer(int channels, int sampleRate, AudioLimits limits, long expectedFrames, LongSupplier consumedBytes, boolean keep)
            throws BadAudioException {
        if (sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE) {
            throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The file says its sample rate is " + sampleRate
                    + " Hz; 1 to " + MAX_SAMPLE_RATE + " Hz are read.");
        }
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.limits = limits;
        this.consumedBytes = consumedBytes;
        this.keep = keep;
        // Never trust a header's length for the allocation: start small and grow with real frames.
        int initial = keep ? (int) Math.clamp(expectedFrames, 4096, 1 << 20) : 4096;
        this.data = new float[channels][initial];
    }

    /** Appends interleaved 16-bit samples. */
    void appendInterleaved16(short[] samples, int count) throws BadAudioException {
        int n = count / channels;
        ensure(n);
        int base = keep ? frames : 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                data[c][base + i] = samples[i * channels + c] / 32768f;
            }
        }
        frames += n;
    }

    /** Appends one frame's worth of samples per channel, already scaled to [-1, 1]; after {@link #reserve}. */
    void append(int c, int frameOffset, float value) {
        data[c][(keep ? frames : 0) + frameOffset] = value;
    }

    void reserve(int n) throws BadAudioException {
        ensure(n);
    }

    void advance(int n) {
        frames += n;
    }

    private void ensure(int more) throws BadAudioException {
        long total = (long) frames + more;
        limits.checkLength(total, sampleRate);
        long samples = total * channels;
        long consumed = Math.max(1, consumedBytes.getAsLong());
        if (samples > RATIO_FLOOR_SAMPLES && samples > consumed * MAX_SAMPLES_PER_BYTE) {
            throw new BadAudioException(BadAudioException.Reason.OUT_OF_LIMITS, "The file expands to more than "
                    + MAX_SAMPLES_PER_BYTE + " samples per byte: no recording does that (a decompression bomb?).");
        }
        int needed = keep ? frames + more : more;
        if (needed > data[0].length) {
            int size = Math.max(needed, keep ? data[0].length * 2 : needed);
            for (int c = 0; c < channels; c++) {
                data[c] = Arrays.copyOf(data[c], size);
            }
        }
    }

    /** Names what was decoded: wav, mp3, ogg or flac, and the source's sample width. */
    ChannelBuffer describe(String format, int bits) {
        this.format = format;
        this.bits = bits;
        return this;
    }

    DecodedAudio finish() {
        float[][] out = new float[channels][];
        for (int c = 0; c < channels; c++) {
            out[c] = keep ? Arrays.copyOf(data[c], frames) : new float[0];
        }
        return new DecodedAudio(out, sampleRate, format, bits);
    }

    AudioFacts facts() {
        return new AudioFacts(format, sampleRate, channels, frames, bits);
    }

    int frames() {
        return frames;
    }
}
