package dev.vtubermiku.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.core.training.TranscriptWindows;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.server.store.VoiceUploadDao;
import dev.vtubermiku.server.store.VoiceUploadRow;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.WavCodec;
import dev.vtubermiku.speech.vad.VadEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips share Whisper windows, and each clip still gets its own words: the fake recogniser "hears"
 * every stretch of sound between silences of the window and says how long it was, at the times it
 * heard it, so a clip whose transcript names another clip's length got the wrong words.
 */
class SharedWindowTranscriptionTest {

    /** A recogniser that reports each sound between gaps of digital silence as one timed segment naming its length in ms. */
    static final class LengthSayingRecogniser implements SpeechToText {
        final List<Double> windowSeconds = new ArrayList<>();

        @Override
        public int sampleRate() {
            return 16000;
        }

        @Override
        public boolean multilingual() {
            return false;
        }

        @Override
        public synchronized Transcript transcribe(MonoAudio audio, @Nullable String language) {
            windowSeconds.add(audio.seconds());
            float[] s = audio.samples();
            int minGap = (int) (0.9 * 16000);
            List<Transcript.Segment> segments = new ArrayList<>();
            int i = 0;
            while (i < s.length) {
                int start = i;
                int zeros = 0;
                while (i < s.length && zeros < minGap) {
                    zeros = s[i] == 0f ? zeros + 1 : 0;
                    i++;
                }
                int end = i < s.length ? i - zeros : trailing(s);
                double a = start / 16000.0;
                double b = end / 16000.0;
                // Whisper's times are not exact: start late and end well into the gap.
                segments.add(new Transcript.Segment(a + 0.15, b + 0.4, "len" + Math.round((b - a) * 1000)));
                while (i < s.length && s[i] == 0f) {
                    i++;
                }
            }
            return new Transcript("", "en", segments, audio.seconds());
        }

        private static int trailing(float[] s) {
            int end = s.length;
            while (end > 0 && s[end - 1] == 0f) {
                end--;
            }
            return end;
        }
    }

    @Test
    void clipsShareWindowsAndEachGetsTheWordsSpokenInIt(@TempDir Path dir) throws Exception {
        MonoAudio jfk = AudioDecoder.decode(Fixtures.bytes("audio/jfk.wav"), AudioLimits.DEFAULT).mono();
        // jfk.wav cut to different lengths with pauses between: clips of several lengths.
        double[][] cuts = {{0, 11}, {0, 2.3}, {5.3, 11}, {0, 7.7}, {3.3, 11}, {0, 11}, {8.1, 11}};
        Random noise = new Random(7);
        List<Float> out = new ArrayList<>();
        for (double[] cut : cuts) {
            for (int i = (int) (cut[0] * 16000); i < (int) (cut[1] * 16000); i++) {
                out.add(jfk.samples()[i]);
            }
            for (int i = 0; i < 3 * 16000; i++) {
                out.add((float) (noise.nextGaussian() * 0.001));
            }
        }
        float[] samples = new float[out.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = out.get(i) + (float) (noise.nextGaussian() * 0.0005); // no digital silence inside a clip
        }
        LengthSayingRecogniser stt = new LengthSayingRecogniser();
        Path vadModel = Fixtures.file("vad/silero_vad_v5.onnx");
        try (VadEngine vad = new VadEngine(() -> vadModel, EngineListener.NONE); Database db = Database.open(dir.resolve("t.db"))) {
            vad.refresh();
            VoiceFolders folders = new VoiceFolders(() -> dir, AudioFiles.plain());
            Files.createDirectories(folders.uploads());
            Files.write(folders.uploads().resolve("u.wav"), WavCodec.encode(new MonoAudio(samples, 16000)));
            VoiceUploadRow upload = new VoiceUploadRow("up_1", "u.wav", "u.wav", "wav", 16000, 1, samples.length / 16000.0, 0, "ann",
                    null, Instant.now(), null);
            db.writeDao(VoiceUploadDao.class).insert(upload);
            ClipProcessor processor = new ClipProcessor(db, folders, vad, stt, Settings::defaults, Clock.systemUTC());
            List<VoiceClipRow> made = new ArrayList<>();
            ClipProcessor.Result result = processor.process(upload, made::add);

            assertThat(result.added()).isGreaterThanOrEqualTo(6);
            assertThat(stt.windowSeconds).hasSize(processor.lastWindows()).hasSizeLessThan(result.added());
            assertThat(stt.windowSeconds).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(TranscriptWindows.WHISPER_WINDOW_SECONDS));
            assertThat(made.stream().map(c -> Math.round(c.duration() * 10)).distinct().count())
                    .as("clips of different lengths, so a swapped transcript shows").isGreaterThanOrEqualTo(4);
            List<VoiceClipRow> stored = db.readDao(TrainingDataDao.class).clips(null, null, null, "up_1", null, 0, 100);
            assertThat(stored).hasSize(result.added()).allSatisfy(c -> {
                assertThat(c.needsTranscript()).isFalse();
                assertThat(c.transcript()).as("clip %s of %.3f s", c.filename(), c.duration()).matches("len\\d+");
                long heard = Long.parseLong(c.transcript().substring(3));
                assertThat((double) heard).as("clip %s", c.filename()).isCloseTo(c.duration() * 1000, org.assertj.core.data.Offset.offset(5.0));
            });
        }
    }

    @Test
    void withoutARecogniserEveryClipNeedsATranscriptAndNoneIsLost(@TempDir Path dir) throws Exception {
        MonoAudio jfk = AudioDecoder.decode(Fixtures.bytes("audio/jfk.wav"), AudioLimits.DEFAULT).mono();
        SpeechToText none = new SpeechToText() {
            @Override
            public int sampleRate() {
                return 16000;
            }

            @Override
            public boolean multilingual() {
                return false;
            }

            @Override
            public Transcript transcribe(MonoAudio audio, @Nullable String language) {
                throw new dev.vtubermiku.core.speech.SpeechUnavailableException("no model", "pull one");
            }
        };
        Path vadModel = Fixtures.file("vad/silero_vad_v5.onnx");
        try (VadEngine vad = new VadEngine(() -> vadModel, EngineListener.NONE); Database db = Database.open(dir.resolve("t.db"))) {
            vad.refresh();
            VoiceFolders folders = new VoiceFolders(() -> dir, AudioFiles.plain());
            Files.createDirectories(folders.uploads());
            Files.write(folders.uploads().resolve("u.wav"), WavCodec.encode(jfk));
            VoiceUploadRow upload = new VoiceUploadRow("up_2", "u.wav", "u.wav", "wav", 16000, 1, jfk.seconds(), 0, null, null,
                    Instant.now(), null);
            db.writeDao(VoiceUploadDao.class).insert(upload);
            ClipProcessor.Result result = new ClipProcessor(db, folders, vad, none, Settings::defaults, Clock.systemUTC())
                    .process(upload, c -> assertThat(c.needsTranscript()).isTrue());
            assertThat(result.added()).isPositive();
        }
    }
}
