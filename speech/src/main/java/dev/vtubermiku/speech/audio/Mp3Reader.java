package dev.vtubermiku.speech.audio;

import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/** MPEG audio layers I-III through JLayer. */
final class Mp3Reader {

    private Mp3Reader() {}

    static boolean looksLikeMp3(byte[] b) {
        if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
            return true;
        }
        return b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) != 0
                && (b[2] & 0xF0) != 0xF0;
    }

    static ChannelBuffer read(byte[] bytes, AudioLimits limits, boolean keep) throws BadAudioException {
        MeteredInput input = new MeteredInput(bytes);
        Bitstream stream = new Bitstream(input);
        javazoom.jl.decoder.Decoder decoder = new javazoom.jl.decoder.Decoder();
        ChannelBuffer buffer = null;
        int channels = 0;
        try {
            for (Header header = stream.readFrame(); header != null; header = stream.readFrame()) {
                SampleBuffer out = (SampleBuffer) decoder.decodeFrame(header, stream);
                if (buffer == null) {
                    channels = out.getChannelCount();
                    limits.checkChannels(channels, "MP3");
                    long estimate = (long) (header.total_ms(bytes.length) / 1000 * out.getSampleFrequency());
                    buffer = new ChannelBuffer(channels, out.getSampleFrequency(), limits, estimate, input::consumed, keep);
                }
                buffer.appendInterleaved16(out.getBuffer(), out.getBufferLength());
                stream.closeFrame();
            }
        } catch (BitstreamException | DecoderException | ArrayIndexOutOfBoundsException e) {
            if (buffer == null || buffer.frames() == 0) {
                throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The MP3 file cannot be decoded: " + e.getMessage(), e);
            }
            // A cut last frame: keep what decoded, as players do.
        }
        if (buffer == null || buffer.frames() == 0) {
            throw new BadAudioException(BadAudioException.Reason.NOT_AUDIO, "The file looked like MP3 but holds no MPEG audio frames.");
        }
        return buffer.describe("mp3", 16);
    }
}
