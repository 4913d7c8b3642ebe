package dev.vtubermiku.speech.audio;

import java.util.Arrays;

/** Decoded frames collected per channel, growing as a decoder produces them, with the length limit checked. */
final class ChannelBuffer {

    private final int channels;
    private final int sampleRate;
    private final AudioLimits limits;
    private float[][] data;
    private int frames;

    ChannelBuffer(int channels, int sampleRate, AudioLimits limits, long expectedFrames) {
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.limits = limits;
        int initial = (int) Math.clamp(expectedFrames, 4096, 1 << 24);
        this.data = new float[channels][initial];
    }

    /** Appends interleaved 16-bit samples. */
    void appendInterleaved16(short[] samples, int count) throws BadAudioException {
        int n = count / channels;
        ensure(n);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                data[c][frames + i] = samples[i * channels + c] / 32768f;
            }
        }
        frames += n;
    }

    /** Appends one frame's worth of samples per channel, already scaled to [-1, 1]. */
    void append(int c, int frameOffset, float value) {
        data[c][frames + frameOffset] = value;
    }

    void reserve(int n) throws BadAudioException {
        ensure(n);
    }

    void advance(int n) {
        frames += n;
    }

    private void ensure(int more) throws BadAudioException {
        limits.checkLength((long) frames + more, sampleRate);
        if (frames + more > data[0].length) {
            int size = Math.max(frames + more, data[0].length * 2);
            for (int c = 0; c < channels; c++) {
                data[c] = Arrays.copyOf(data[c], size);
            }
        }
    }

    DecodedAudio finish(String format, int bits) {
        float[][] out = new float[channels][];
        for (int c = 0; c < channels; c++) {
            out[c] = Arrays.copyOf(data[c], frames);
        }
        return new DecodedAudio(out, sampleRate, format, bits);
    }

    int frames() {
        return frames;
    }
}
