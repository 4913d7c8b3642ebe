package dev.vtubermiku.speech.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vtubermiku.core.speech.MonoAudio;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every format and sample width decodes to the tone it holds; bad input is refused with the reason. */
class AudioDecoderTest {

    /** WAV of a 1 kHz tone at half scale, written here in any integer or float width. */
    static byte[] wav(int rate, int channels, int bits, boolean floating, double seconds) {
        int frames = (int) (rate * seconds);
        int width = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + frames * channels * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * channels * width)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) (floating ? 3 : 1)).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * width).putShort((short) (channels * width)).putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * channels * width);
        for (int i = 0; i < frames; i++) {
            double v = 0.5 * Math.sin(2 * Math.PI * 1000 * i / rate);
            for (int c = 0; c < channels; c++) {
                if (floating) {
                    if (bits == 32) {
                        b.putFloat((float) v);
                    } else {
                        b.putDouble(v);
                    }
                } else {
                    switch (bits) {
                        case 8 -> b.put((byte) (Math.round(v * 127) + 128));
                        case 16 -> b.putShort((short) Math.round(v * 32767));
                        case 24 -> {
                            int s = (int) Math.round(v * 8388607);
                            b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                        }
                        default -> b.putInt((int) Math.round(v * 2147483647.0));
                    }
                }
            }
        }
        return b.array();
    }

    /** The dominant frequency, by counting upward zero crossings (precise enough for a clean tone). */
    static double frequency(float[] s, int rate) {
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                double exact = i - 1 + s[i - 1] / (s[i - 1] - s[i]); // interpolated crossing
                if (first < 0) {
                    first = exact;
                }
                last = exact;
                crossings++;
            }
        }
        return (crossings - 1) / ((last - first) / rate);
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = AudioDecoderTest.class.getResourceAsStream("/audio/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{2}-bit {3} WAV, {1} channel(s) at {0} Hz")
    @CsvSource({
        "16000, 1, 8, int", "16000, 1, 16, int", "22050, 2, 24, int", "44100, 2, 32, int",
        "48000, 1, 32, float", "48000, 2, 64, float"
    })
    void wavOfEveryWidthDecodesToItsTone(int rate, int channels, int bits, String kind) throws Exception {
        DecodedAudio audio = AudioDecoder.decode(wav(rate, channels, bits, kind.equals("float"), 0.5), AudioLimits.DEFAULT);
        assertThat(audio.format()).isEqualTo("wav");
        assertThat(audio.sampleRate()).isEqualTo(rate);
        assertThat(audio.channels()).hasNumberOfRows(channels);
        assertThat(audio.bitsPerSample()).isEqualTo(bits);
        assertThat(audio.seconds()).isCloseTo(0.5, within(0.001));
        MonoAudio mono = audio.mono();
        assertThat(Loudness.peak(mono.samples())).isCloseTo(0.5f, within(bits == 8 ? 0.02f : 0.001f));
        assertThat(frequency(mono.samples(), rate)).isCloseTo(1000, within(1.0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "tone-1k-44100-stereo.mp3, mp3, 44100, 2", "tone-1k-22050-mono.mp3, mp3, 22050, 1",
        "tone-1k-48000-stereo.ogg, ogg, 48000, 2", "tone-1k-44100-mono-16.flac, flac, 44100, 1",
        "tone-1k-48000-stereo-24.flac, flac, 48000, 2"
    })
    void compressedFormatsDecodeToTheirTone(String file, String format, int rate, int channels) throws Exception {
        DecodedAudio audio = AudioDecoder.decode(resource(file), AudioLimits.DEFAULT);
        assertThat(audio.format()).isEqualTo(format);
        assertThat(audio.sampleRate()).isEqualTo(rate);
        assertThat(audio.channels()).hasNumberOfRows(channels);
        assertThat(audio.seconds()).isCloseTo(0.5, within(0.1)); // MP3 adds encoder delay and padding
        float[] s = audio.mono().samples();
        float[] middle = Arrays.copyOfRange(s, s.length / 4, 3 * s.length / 4);
        assertThat(Loudness.peak(middle)).isCloseTo(0.5f, within(0.05f));
        assertThat(frequency(middle, rate)).isCloseTo(1000, within(2.0));
    }

    @Test
    void flacKeeps24BitPrecision() throws Exception {
        DecodedAudio audio = AudioDecoder.decode(resource("tone-1k-48000-stereo-24.flac"), AudioLimits.DEFAULT);
        assertThat(audio.bitsPerSample()).isEqualTo(24);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertReason(new byte[0], BadAudioException.Reason.EMPTY, "empty");
        assertReason("hello, I am text pretending to be a WAV file".getBytes(StandardCharsets.UTF_8),
                BadAudioException.Reason.NOT_AUDIO, "not audio");
        byte[] whole = wav(16000, 1, 16, false, 1.0);
        assertReason(Arrays.copyOf(whole, whole.length / 2), BadAudioException.Reason.DAMAGED, "cut short");
        assertReason(Arrays.copyOf(whole, 30), BadAudioException.Reason.DAMAGED, "format");
        assertReason(wav(16000, 6, 16, false, 0.1), BadAudioException.Reason.OUT_OF_LIMITS, "6 channels");
        assertThatThrownBy(() -> AudioDecoder.decode(wav(8000, 1, 8, false, 3), new AudioLimits(2, 2)))
                .isInstanceOfSatisfying(BadAudioException.class,
                        e -> assertThat(e.reason()).isEqualTo(BadAudioException.Reason.OUT_OF_LIMITS))
                .hasMessageContaining("longer than the 2 seconds");
    }

    @Test
    void aLongMp3IsRefusedBeforeItIsAllDecoded() throws Exception {
        byte[] one = resource("tone-1k-44100-stereo.mp3");
        assertThatThrownBy(() -> AudioDecoder.decode(one, new AudioLimits(2, 0.2)))
                .isInstanceOf(BadAudioException.class).hasMessageContaining("longer than");
    }

    @Test
    void wavWritingRoundTrips() throws Exception {
        float[] tone = new float[16000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.25 * Math.sin(2 * Math.PI * 440 * i / 16000));
        }
        byte[] wav = WavCodec.encode(new MonoAudio(tone, 16000));
        assertThat(wav).hasSize(44 + 32000);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        DecodedAudio back = AudioDecoder.decode(wav, AudioLimits.DEFAULT);
        assertThat(back.sampleRate()).isEqualTo(16000);
        assertThat(back.bitsPerSample()).isEqualTo(16);
        for (int i = 0; i < tone.length; i += 97) {
            assertThat(back.channels()[0][i]).isCloseTo(tone[i], within(1e-4f));
        }
    }

    private static void assertReason(byte[] bytes, BadAudioException.Reason reason, String message) {
        assertThatThrownBy(() -> AudioDecoder.decode(bytes, AudioLimits.DEFAULT))
                .isInstanceOfSatisfying(BadAudioException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }
}
