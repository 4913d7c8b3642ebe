package dev.vtubermiku.bench;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.VoiceUploadDao;
import dev.vtubermiku.server.store.VoiceUploadRow;
import dev.vtubermiku.server.training.ClipProcessor;
import dev.vtubermiku.server.training.VoiceFolders;
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
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Voice processing throughput: how fast an upload becomes clips (decode, high-pass, loudness,
 * Silero VAD, planning, trimming, 22050 Hz resampling, WAV files, quality, rows in SQLite), without
 * transcription, whose cost is Whisper's own (see SpeechBench and whisper.cpp's figures). The input
 * is jfk.wav repeated to five and a half minutes with a little noise, as a 16 kHz WAV upload.
 * Needs the fixtures. Exit 0 when the target is met.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=target/bench-tmp -cp bench/target/bench.jar \
 *     dev.vtubermiku.bench.VoiceProcessingBench [--fixtures ../shared/fixtures] [--rounds 5]</pre>
 */
public final class VoiceProcessingBench {

    /** Processing must keep well ahead of recording: an hour of recordings in under six minutes. */
    static final double REALTIME = 10;

    private VoiceProcessingBench() {}

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of("../shared/fixtures");
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fixtures" -> fixtures = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        System.out.println("machine: " + Machine.current().describe() + "; load before: " + Machine.loadAverage());
        MonoAudio jfk = AudioDecoder.decode(Files.readAllBytes(fixtures.resolve("audio/jfk.wav")), AudioLimits.DEFAULT).mono();
        int repeats = 30;
        float[] long_ = new float[jfk.samples().length * repeats];
        Random random = new Random(42);
        for (int r = 0; r < repeats; r++) {
            System.arraycopy(jfk.samples(), 0, long_, r * jfk.samples().length, jfk.samples().length);
        }
        for (int i = 0; i < long_.length; i++) {
            long_[i] += (float) (random.nextGaussian() * 0.002);
        }
        byte[] wav = WavCodec.encode(new MonoAudio(long_, 16000));
        double seconds = long_.length / 16000.0;
        SpeechToText noWhisper = new SpeechToText() {
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
                throw new SpeechUnavailableException("not measured", "");
            }
        };
        Path vadModel = fixtures.resolve("vad/silero_vad_v5.onnx");
        try (TempDir dir = TempDir.create("voice-bench"); VadEngine vad = new VadEngine(() -> vadModel, EngineListener.NONE);
                Database db = Database.open(dir.resolve("bench.db"))) {
            vad.refresh();
            VoiceFolders folders = new VoiceFolders(() -> dir.path(), dev.vtubermiku.server.store.files.AudioFiles.plain());
            Files.createDirectories(folders.uploads());
            Files.write(folders.uploads().resolve("bench.wav"), wav);
            ClipProcessor processor = new ClipProcessor(db, folders, vad, noWhisper, Settings::defaults, Clock.systemUTC());
            List<Long> times = new ArrayList<>();
            int clips = 0;
            for (int round = 0; round < rounds + 1; round++) {
                // A new upload id each round, so each round makes every clip (a second run of one upload makes none).
                VoiceUploadRow upload = new VoiceUploadRow("up_bench" + round, "bench.wav", "bench.wav", "wav", 16000, 1, seconds,
                        wav.length, "bench", null, Instant.now(), null);
                db.writeDao(VoiceUploadDao.class).insert(upload);
                long t = System.nanoTime();
                ClipProcessor.Result r = processor.process(upload, c -> {});
                long elapsed = System.nanoTime() - t;
                if (round > 0) { // the first round warms up the JIT and ONNX Runtime
                    times.add(elapsed);
                }
                clips = r.added();
            }
            double median = Samples.of(times).median() / 1e9;
            double realtime = seconds / median;
            System.out.printf(Locale.ROOT, "processing %.0f s of speech into %d clips: median %.2f s over %d rounds = %.0fx real time "
                    + "(target >= %.0fx); an hour of recordings: %.0f s plus Whisper%n", seconds, clips, median, rounds, realtime,
                    REALTIME, 3600 / realtime);
            System.out.println("load after: " + Machine.loadAverage());
            System.exit(realtime >= REALTIME ? 0 : 1);
        }
    }
}
