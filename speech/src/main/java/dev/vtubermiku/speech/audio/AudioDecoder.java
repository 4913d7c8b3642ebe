package dev.vtubermiku.speech.audio;

import java.util.concurrent.Semaphore;

/**
 * Decodes WAV, MP3, Ogg Vorbis and FLAC, recognised by their content (never by file name), within limits.
 * Every limit (length, channels, sample rate, expansion ratio) is checked as the samples come, so a
 * bad file is refused as soon as it passes one. At most {@link #CONCURRENT} decodes run at a time in
 * the process (the rest wait their turn): each holds up to a recording's worth of samples, and
 * decoding is CPU work that more threads than cores would only slow down.
 */
public final class AudioDecoder {

    static final int CONCURRENT = Math.max(2, Runtime.getRuntime().availableProcessors());
    // One per process on purpose: the memory it guards is the process's.
    private static final Semaphore SLOTS = new Semaphore(CONCURRENT, true);

    private AudioDecoder() {}

    /** The whole recording, one float array per channel. */
    public static DecodedAudio decode(byte[] bytes, AudioLimits limits) throws BadAudioException {
        return read(bytes, limits, true).finish();
    }

    /**
     * Decodes the whole recording to check it, keeping only its facts (format, rate, channels,
     * length): memory stays a few KB whatever the file holds.
     */
    public static AudioFacts check(byte[] bytes, AudioLimits limits) throws BadAudioException {
        return read(bytes, limits, false).facts();
    }

    private static ChannelBuffer read(byte[] bytes, AudioLimits limits, boolean keep) throws BadAudioException {
        if (bytes.length == 0) {
            throw new BadAudioException(BadAudioException.Reason.EMPTY, "The file is empty (0 bytes).");
        }
        try {
            SLOTS.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadAudioException(BadAudioException.Reason.DAMAGED, "Decoding was interrupted.");
        }
        try {
            if (WavCodec.looksLikeWav(bytes)) {
                return WavCodec.read(bytes, limits, keep);
            }
            if (FlacReader.looksLikeFlac(bytes)) {
                return FlacReader.read(bytes, limits, keep);
            }
            if (VorbisReader.looksLikeOgg(bytes)) {
                return VorbisReader.read(bytes, limits, keep);
            }
            if (Mp3Reader.looksLikeMp3(bytes)) {
                return Mp3Reader.read(bytes, limits, keep);
            }
        } finally {
            SLOTS.release();
        }
        throw new BadAudioException(BadAudioException.Reason.NOT_AUDIO,
                "The file is not audio we can read: WAV, MP3, Ogg Vorbis and FLAC are supported.");
    }
}
