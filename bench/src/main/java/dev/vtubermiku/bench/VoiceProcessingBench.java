package dev.vtubermiku.bench;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.VoiceUploadDao;
import dev.vtubermiku.server.store.VoiceUploadRow;
import dev.vtubermiku.server.training.ClipProcessor;
import dev.vtubermiku.server.training.VoiceFolders;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.audio.WavCodec;
import dev.vtubermiku.speech.vad.VadEngine;
import dev.vtubermiku.speech.whisper.WhisperEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Voice processing throughput: how fast an upload becomes clips (decode, high-pass, loudness,
 * Silero VAD, planning, trimming, 22050 Hz resampling, WAV files, Whisper transcripts with the
 * fixture tiny.en model, quality, rows in SQLite). The fixture model has no weights, so it yields no
 * words, but whisper.cpp still encodes every 30 s window it is given: the cost per window is the real
 * model's shape. The input is jfk.wav repeated to five and a half minutes with a little noise, as a
 * 16 kHz WAV upload. Needs the fixtures. Exit 0 when the target is met; last line
 * {@code voice-processing: seconds=... realtime_factor=... per_clip_seconds=... speedup=...}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=target/bench-tmp -cp bench/target/bench.jar \
 *     dev.vtubermiku.bench.VoiceProcessingBench [--fixtures ../shared/fixtures] [--rounds 2] [--stt-workers 2] [--baseline-seconds S]
 *     [--repeats 30]</pre>
 *
 * {@code --repeats} is how many times jfk.wav is laid end to end (30: five and a half minutes).
 *
 * Each round processes the upload twice, alternating: once with one Whisper window per clip (as
 * before clips shared windows) and once with shared windows, so the speed-up is measured under the
 * same machine load; {@code --baseline-seconds} replaces the first with a figure measured elsewhere.
 * Targets: at least 10x real time, and at least 3x faster than one window per clip (issue 14).
 */
public final class VoiceProcessingBench {

    /** Processing must keep well ahead of recording: an hour of recordings in under six minutes. */
    static final double REALTIME = 10;
    /** Issue 14: at least three times the one-window-per-clip figure. */
    static final double SPEEDUP = 3;

    private VoiceProcessingBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs options;
        try {
            options = BenchArgs.parse(args, "fixtures", "rounds", "stt-workers", "baseline-seconds", "repeats");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path fixtures = options.fixtures();
        int rounds = options.integer("rounds", 2);
        int sttWorkers = options.integer("stt-workers", Settings.defaults().sttWorkers());
        double baseline = options.decimal("baseline-seconds", 0);
        MonoAudio jfk = SpeechSetup.prepare(fixtures);
        int repeats = options.integer("repeats", 30);
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
        Path vadModel = fixtures.resolve("vad/silero_vad_v5.onnx");
        Path whisperModel = fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin");
        try (TempDir dir = TempDir.create("voice-bench"); VadEngine vad = new VadEngine(() -> vadModel, EngineListener.NONE);
                WhisperEngine whisper = new WhisperEngine(() -> whisperModel, () -> "none", sttWorkers, sttWorkers * 16, EngineListener.NONE);
                Database db = Database.open(dir.resolve("bench.db"))) {
            vad.refresh();
            whisper.refresh();
            VoiceFolders folders = new VoiceFolders(() -> dir.path(), dev.vtubermiku.server.store.files.AudioFiles.plain());
            Files.createDirectories(folders.uploads());
            Files.write(folders.uploads().resolve("bench.wav"), wav);
            ClipProcessor packed = new ClipProcessor(db, folders, vad, whisper, Settings::defaults, Clock.systemUTC());
            ClipProcessor perClip = new ClipProcessor(db, folders, vad, whisper, Settings::defaults, Clock.systemUTC(), 0);
            int[] uploads = {0};
            Round warm = round(db, packed, wav, seconds, uploads); // warms up the JIT, ONNX Runtime and whisper.cpp
            System.out.printf(Locale.ROOT, "warm-up: %.2f s%n", warm.seconds());
            List<Long> packedTimes = new ArrayList<>();
            List<Long> perClipTimes = new ArrayList<>();
            Round last = warm;
            Round reference = warm;
            for (int round = 0; round < rounds; round++) {
                // Alternating, so both see the same machine load.
                reference = round(db, perClip, wav, seconds, uploads);
                perClipTimes.add(reference.nanos());
                last = round(db, packed, wav, seconds, uploads);
                packedTimes.add(last.nanos());
                System.out.printf(Locale.ROOT, "round %d: one window per clip %.2f s (%d windows), shared windows %.2f s (%d windows)%n",
                        round + 1, reference.seconds(), reference.windows(), last.seconds(), last.windows());
            }
            if (last.clips() != reference.clips()) {
                System.out.println("the two ways made different clip counts: " + reference.clips() + " vs " + last.clips());
                System.exit(2);
            }
            double median = Samples.of(packedTimes).median() / 1e9;
            double before = baseline > 0 ? baseline : Samples.of(perClipTimes).median() / 1e9;
            double realtime = seconds / median;
            double speedup = before / median;
            System.out.printf(Locale.ROOT, "processing %.0f s of speech into %d clips: median %.2f s over %d rounds = %.1fx real time "
                    + "(target >= %.0fx); one window per clip: %.2f s; speed-up %.2fx (target >= %.0fx); an hour of recordings: %.0f s%n",
                    seconds, last.clips(), median, rounds, realtime, REALTIME, before, speedup, SPEEDUP, 3600 / realtime);
            System.out.println("load after: " + Machine.loadAverage());
            System.exit(new SummaryLine("voice-processing").put("seconds", median).put("realtime_factor", realtime)
                    .put("per_clip_seconds", before).put("speedup", speedup).put("clips", last.clips()).put("windows", last.windows())
                    .put("hour_seconds", 3600 / realtime)
                    .target("realtime_factor", realtime >= REALTIME).target("speedup", speedup >= SPEEDUP).print());
        }
    }

    /** One upload processed: how long it took, the clips it made and the Whisper windows it used. */
    private record Round(long nanos, int clips, int windows) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    private static Round round(Database db, ClipProcessor processor, byte[] wav, double seconds, int[] uploads) throws Exception {
        // A new upload id each round, so each round makes every clip (a second run of one upload makes none).
        VoiceUploadRow upload = new VoiceUploadRow("up_bench" + uploads[0]++, "bench.wav", "bench.wav", "wav", 16000, 1, seconds,
                wav.length, "bench", null, Instant.now(), null);
        db.writeDao(VoiceUploadDao.class).insert(upload);
        long t = System.nanoTime();
        ClipProcessor.Result r = processor.process(upload, c -> {});
        return new Round(System.nanoTime() - t, r.added(), processor.lastWindows());
    }
}
