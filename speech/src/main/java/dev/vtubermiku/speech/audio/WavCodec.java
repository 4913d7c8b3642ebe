package dev.vtubermiku.speech.audio;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpokenAudio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RIFF WAVE in and out. Reads PCM 8 (unsigned), 16, 24 and 32-bit integer and 32/64-bit float,
 * plain or WAVE_FORMAT_EXTENSIBLE; writes 16-bit PCM.
 */
public final class WavCodec {

    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavCodec() {}

    static boolean looksLikeWav(byte[] b) {
        return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'A' && b[10] == 'V' && b[11] == 'E';
    }

    static ChannelBuffer read(byte[] bytes, AudioLimits limits, boolean keep) throws BadAudioException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(12);
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int blockAlign = 0;
        while (in.remaining() >= 8) {
            int id = in.getInt();
            long size = Integer.toUnsignedLong(in.getInt());
            int start = in.position();
            if (id == chunk("fmt ")) {
                if (size < 16 || in.remaining() < 16) {
                    throw damaged("its format chunk is cut short");
                }
                format = Short.toUnsignedInt(in.getShort());
                channels = Short.toUnsignedInt(in.getShort());
                rate = in.getInt();
                in.getInt(); // byte rate: derived, not trusted
                blockAlign = Short.toUnsignedInt(in.getShort());
                bits = Short.toUnsignedInt(in.getShort());
                if (format == EXTENSIBLE) {
                    if (size < 40 || in.remaining() < 24) {
                        throw damaged("its extensible format chunk is cut short");
                    }
                    in.position(start + 24);
                    format = Short.toUnsignedInt(in.getShort()); // the sub-format GUID starts with the tag
                }
            } else if (id == chunk("data")) {
                if (format < 0) {
                    throw damaged("its data comes before its format");
                }
                return samples(in, start, size, format, channels, rate, bits, blockAlign, limits, keep);
            }
            long next = start + size + (size & 1);
            if (next > bytes.length) {
                break;
            }
            in.position((int) next);
        }
        throw damaged(format < 0 ? "it has no format chunk" : "it has no audio data");
    }

    private static ChannelBuffer samples(ByteBuffer in, int start, long declared, int format, int channels, int rate,
            int bits, int blockAlign, AudioLimits limits, boolean keep) throws BadAudioException {
        if (format != PCM && format != IEEE_FLOAT) {
            throw new BadAudioException(BadAudioException.Reason.NOT_AUDIO,
                    "The WAV file is compressed with codec " + format + "; only PCM and float WAV are read.");
        }
        limits.checkChannels(channels, "WAV");
        boolean ok = format == PCM ? bits == 8 || bits == 16 || bits == 24 || bits == 32 : bits == 32 || bits == 64;
        if (!ok || rate < 1000 || rate > 384_000) {
            throw new BadAudioException(BadAudioException.Reason.NOT_AUDIO, "The WAV file has " + bits + "-bit "
                    + (format == PCM ? "integer" : "float") + " samples at " + rate + " Hz, which is not supported.");
        }
        int width = bits / 8;
        if (blockAlign != width * channels) {
            throw damaged("its block size does not match its channels and sample width");
        }
        long available = in.limit() - start;
        // A streamed WAV may say 0 or 0xFFFFFFFF: take what is there. A size beyond the file is a cut file.
        long size = declared == 0 || declared == 0xFFFFFFFFL ? available : declared;
        if (size > available) {
            throw damaged("it is cut short: its header promises " + declared + " bytes of audio, the file holds " + available);
        }
        long frames = size / blockAlign;
        limits.checkLength(frames, rate);
        int n = (int) frames;
        ChannelBuffer out = new ChannelBuffer(channels, rate, limits, n, in::position, keep).describe("wav", bits);
        in.position(start);
        for (int done = 0; done < n; ) {
            int k = Math.min(8192, n - done);
            out.reserve(k);
            if (keep) {
                for (int i = 0; i < k; i++) {
                    for (int c = 0; c < channels; c++) {
                        out.append(c, i, sample(in, format, bits));
                    }
                }
            } else {
                in.position(in.position() + k * blockAlign);
            }
            out.advance(k);
            done += k;
        }
        return out;
    }

    private static float sample(ByteBuffer in, int format, int bits) {
        if (format == IEEE_FLOAT) {
            return bits == 32 ? in.getFloat() : (float) in.getDouble();
        }
        return switch (bits) {
            case 8 -> (Byte.toUnsignedInt(in.get()) - 128) / 128f;
            case 16 -> in.getShort() / 32768f;
            case 24 -> {
                int lo = Byte.toUnsignedInt(in.get());
                int mid = Byte.toUnsignedInt(in.get());
                int hi = in.get(); // signed: carries the sign
                yield ((hi << 16) | (mid << 8) | lo) / 8388608f;
            }
            default -> in.getInt() / 2147483648f;
        };
    }

    private static int chunk(String id) {
        return (id.charAt(0)) | (id.charAt(1) << 8) | (id.charAt(2) << 16) | (id.charAt(3) << 24);
    }

    private static BadAudioException damaged(String why) {
        return new BadAudioException(BadAudioException.Reason.DAMAGED, "The WAV file cannot be read: " + why + ".");
    }

    /** 16-bit mono WAV of synthesised speech. */
    public static byte[] encode(SpokenAudio audio) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + audio.samples().length * 2);
        try {
            write(audio.samples(), audio.sampleRate(), out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Float audio as 16-bit mono WAV (clipped to [-1, 1]). */
    public static byte[] encode(MonoAudio audio) {
        return encode(new SpokenAudio(toPcm16(audio.samples()), audio.sampleRate()));
    }

    /** Writes 16-bit mono PCM as a WAV file. */
    public static void write(short[] samples, int sampleRate, OutputStream out) throws IOException {
        int dataBytes = samples.length * 2;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(chunk("RIFF")).putInt(36 + dataBytes).putInt(chunk("WAVE"));
        header.putInt(chunk("fmt ")).putInt(16).putShort((short) PCM).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        header.putInt(chunk("data")).putInt(dataBytes);
        out.write(header.array());
        ByteBuffer body = ByteBuffer.allocate(Math.min(dataBytes, 64 * 1024)).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            if (!body.hasRemaining()) {
                out.write(body.array(), 0, body.position());
                body.clear();
            }
            body.putShort(s);
        }
        out.write(body.array(), 0, body.position());
    }

    /** Floats in [-1, 1] to 16-bit samples, rounding and clipping. */
    public static short[] toPcm16(float[] samples) {
        short[] out = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            float v = Math.clamp(samples[i], -1f, 1f);
            out[i] = (short) Math.round(v * 32767f);
        }
        return out;
    }
}
