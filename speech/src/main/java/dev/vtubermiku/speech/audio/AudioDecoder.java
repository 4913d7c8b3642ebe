package dev.vtubermiku.speech.audio;

/**
 * Decodes WAV, MP3, Ogg Vorbis and FLAC, recognised by their content (never by file name), within limits.
 */
public final class AudioDecoder {

    private AudioDecoder() {}

    public static DecodedAudio decode(byte[] bytes, AudioLimits limits) throws BadAudioException {
        if (bytes.length == 0) {
            throw new BadAudioException(BadAudioException.Reason.EMPTY, "The file is empty (0 bytes).");
        }
        if (WavCodec.looksLikeWav(bytes)) {
            return WavCodec.decode(bytes, limits);
        }
        if (FlacReader.looksLikeFlac(bytes)) {
            return FlacReader.decode(bytes, limits);
        }
        if (VorbisReader.looksLikeOgg(bytes)) {
            return VorbisReader.decode(bytes, limits);
        }
        if (Mp3Reader.looksLikeMp3(bytes)) {
            return Mp3Reader.decode(bytes, limits);
        }
        throw new BadAudioException(BadAudioException.Reason.NOT_AUDIO,
                "The file is not audio we can read: WAV, MP3, Ogg Vorbis and FLAC are supported.");
    }
}
