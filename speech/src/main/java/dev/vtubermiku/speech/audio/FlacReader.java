package dev.vtubermiku.speech.audio;

import java.io.IOException;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;
import org.jspecify.annotations.Nullable;

/** FLAC through jFLAC. */
final class FlacReader {

    private FlacReader() {}

    static boolean looksLikeFlac(byte[] b) {
        return b.length >= 4 && b[0] == 'f' && b[1] == 'L' && b[2] == 'a' && b[3] == 'C';
    }

    static ChannelBuffer read(byte[] bytes, AudioLimits limits, boolean keep) throws BadAudioException {
        MeteredInput input = new MeteredInput(bytes);
        FLACDecoder decoder = new FLACDecoder(input);
        Collector collector = new Collector(limits, input, keep);
        decoder.addPCMProcessor(collector);
        try {
            decoder.decode();
        } catch (Stop stop) {
            throw stop.cause;
        } catch (IOException | RuntimeException e) {
            if (collector.buffer == null || collector.buffer.frames() == 0) {
                throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The FLAC file cannot be decoded: " + e.getMessage(), e);
            }
        }
        if (collector.buffer == null || collector.buffer.frames() == 0) {
            throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The FLAC file holds no audio.");
        }
        if (decoder.getBadFrames() > 0 && collector.expected > 0 && collector.buffer.frames() < collector.expected) {
            throw new BadAudioException(BadAudioException.Reason.DAMAGED, "The FLAC file is damaged or cut short.");
        }
        return collector.buffer.describe("flac", collector.bits);
    }

    /** Carries a refusal out of jFLAC's callback, which cannot throw checked exceptions. */
    private static final class Stop extends RuntimeException {
        final BadAudioException cause;

        Stop(BadAudioException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    private static final class Collector implements PCMProcessor {
        private final AudioLimits limits;
        private final MeteredInput input;
        private final boolean keep;
        @Nullable ChannelBuffer buffer;
        int channels;
        int bits;
        long expected;

        Collector(AudioLimits limits, MeteredInput input, boolean keep) {
            this.limits = limits;
            this.input = input;
            this.keep = keep;
        }

        @Override
        public void processStreamInfo(StreamInfo info) {
            try {
                channels = info.getChannels();
                bits = info.getBitsPerSample();
                expected = info.getTotalSamples();
                limits.checkChannels(channels, "FLAC");
                limits.checkLength(expected, info.getSampleRate());
                if (bits != 8 && bits != 16 && bits != 24) {
                    throw new BadAudioException(BadAudioException.Reason.NOT_AUDIO, "The FLAC file has " + bits + "-bit samples; 8, 16 and 24 are read.");
                }
                buffer = new ChannelBuffer(channels, info.getSampleRate(), limits, expected, input::consumed, keep);
            } catch (BadAudioException e) {
                throw new Stop(e);
            }
        }

        @Override
        public void processPCM(ByteData pcm) {
            ChannelBuffer out = buffer;
            if (out == null) {
                return;
            }
            byte[] data = pcm.getData();
            int width = bits / 8;
            int frames = pcm.getLen() / (width * channels);
            try {
                out.reserve(frames);
            } catch (BadAudioException e) {
                throw new Stop(e);
            }
            int p = 0;
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    float v = switch (width) {
                        case 1 -> (Byte.toUnsignedInt(data[p]) - 128) / 128f;
                        case 2 -> (short) ((data[p] & 0xFF) | (data[p + 1] << 8)) / 32768f;
                        default -> ((data[p] & 0xFF) | ((data[p + 1] & 0xFF) << 8) | (data[p + 2] << 16)) / 8388608f;
                    };
                    out.append(c, i, v);
                    p += width;
                }
            }
            out.advance(frames);
        }
    }
}
