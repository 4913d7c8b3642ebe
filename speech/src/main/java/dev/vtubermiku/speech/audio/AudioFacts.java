package dev.vtubermiku.speech.audio;

/**
 * What a decode found out about a recording, without its samples: enough to accept or refuse an upload.
 *
 * @param format wav, mp3, ogg or flac
 * @param bitsPerSample the source's sample width (16 for lossy formats)
 */
public record AudioFacts(String format, int sampleRate, int channels, long frames, int bitsPerSample) {

    public double seconds() {
        return (double) frames / sampleRate;
    }
}
