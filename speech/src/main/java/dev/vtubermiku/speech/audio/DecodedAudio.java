package dev.vtubermiku.speech.audio;

import dev.vtubermiku.core.speech.MonoAudio;

/**
 * Decoded audio, one float array per channel, samples in [-1, 1].
 *
 * @param format what it was decoded from: wav, mp3, ogg or flac
 * @param bitsPerSample the source's sample width (16 for lossy formats, whose decoders give 16 bits)
 */
public record DecodedAudio(float[][] channels, int sampleRate, String format, int bitsPerSample) {

    public int frames() {
        return channels.length == 0 ? 0 : channels[0].length;
    }

    public double seconds() {
        return (double) frames() / sampleRate;
    }

    /** The channels averaged into one. */
    public MonoAudio mono() {
        if (channels.length == 1) {
            return new MonoAudio(channels[0], sampleRate);
        }
        int n = frames();
        float[] out = new float[n];
        float scale = 1f / channels.length;
        for (float[] channel : channels) {
            for (int i = 0; i < n; i++) {
                out[i] += channel[i];
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] *= scale;
        }
        return new MonoAudio(out, sampleRate);
    }
}
