package dev.vtubermiku.speech.audio;

import de.jarnbjo.ogg.BasicStream;
import de.jarnbjo.ogg.EndOfOggStreamException;
import de.jarnbjo.ogg.LogicalOggStream;
import de.jarnbjo.vorbis.IdentificationHeader;
import de.jarnbjo.vorbis.VorbisStream;
import java.io.IOException;
import java.util.Collection;

/** Ogg Vorbis through J-Ogg. */
final class VorbisReader {

    private VorbisReader() {}

    static boolean looksLikeOgg(byte[] b) {
        return b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S';
    }

    static ChannelBuffer read(byte[] bytes, AudioLimits limits, boolean keep) throws BadAudioException {
        try {
            MeteredInput input = new MeteredInput(bytes);
            BasicStream ogg = new BasicStream(input);
            Collection<?> streams = ogg.getLogicalStreams();
            if (streams.isEmpty()) {
                throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The Ogg file holds no stream.");
            }
            LogicalOggStream logical = (LogicalOggStream) streams.iterator().next();
            if (!LogicalOggStream.FORMAT_VORBIS.equals(logical.getFormat())) {
                throw new BadAudioException(BadAudioException.Reason.NOT_AUDIO,
                        "The Ogg file holds " + logical.getFormat() + ", not Vorbis; only Ogg Vorbis is read.");
            }
            VorbisStream vorbis = new VorbisStream(logical);
            IdentificationHeader id = vorbis.getIdentificationHeader();
            int channels = id.getChannels();
            limits.checkChannels(channels, "Ogg Vorbis");
            // A rough size guess (about 10:1 compression); the buffer grows when it is short.
            ChannelBuffer buffer = new ChannelBuffer(channels, id.getSampleRate(), limits, (long) bytes.length * 5 / channels,
                    input::consumed, keep);
            byte[] bytesOut = new byte[8192 * channels];
            short[] samples = new short[bytesOut.length / 2];
            while (true) {
                int n;
                try {
                    n = vorbis.readPcm(bytesOut, 0, bytesOut.length);
                } catch (EndOfOggStreamException end) {
                    break;
                }
                // J-Ogg gives big-endian 16-bit samples.
                for (int i = 0; i < n / 2; i++) {
                    samples[i] = (short) ((bytesOut[2 * i] << 8) | (bytesOut[2 * i + 1] & 0xFF));
                }
                buffer.appendInterleaved16(samples, n / 2);
            }
            if (buffer.frames() == 0) {
                throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The Ogg Vorbis file holds no audio.");
            }
            return buffer.describe("ogg", 16);
        } catch (BadAudioException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The Ogg Vorbis file cannot be decoded: " + e.getMessage(), e);
        }
    }
}
