package dev.vtubermiku.bench;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.VadSettings;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.Resampler;
import dev.vtubermiku.speech.piper.PiperEngine;
import dev.vtubermiku.speech.vad.VadEngine;
import dev.vtubermiku.speech.whisper.WhisperEngine;
import io.github.givimad.piperjni.PiperJNI;
import io.github.givimad.piperjni.PiperVoice;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Speech figures: our overhead over the raw engine call on the same input (Piper, Whisper), and
 * the throughput of the resampler and the VAD on one core. Raw and wrapped calls alternate, so
 * drift of a shared machine hits both alike; the overhead is the difference of the medians.
 * Needs the fixtures (../shared/fixtures). Exit 0 when every target is met, 1 when not.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=target/bench-tmp -cp bench/target/bench.jar \
 *     dev.vtubermiku.bench.SpeechBench [--fixtures ../shared/fixtures] [--rounds 30]</pre>
 */
public final class SpeechBench {

    static final double TTS_OVERHEAD_MS = 2;
    static final double STT_OVERHEAD_MS = 5;
    static final double RESAMPLER_REALTIME = 200;
    static final double VAD_REALTIME = 100;

    /** The figures for the summary line, filled as the parts run (one thread). */
    private static final SummaryLine SUMMARY = new SummaryLine("speech");
    private static double slowestResampler = Double.MAX_VALUE;
    private static double slowestVad = Double.MAX_VALUE;

    private SpeechBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, "fixtures", "rounds");
        Path fixtures = options.fixtures();
        int rounds = options.integer("rounds", 30);
        MonoAudio jfk = SpeechSetup.prepare(fixtures);
        boolean ok = true;
        ok &= SUMMARY.target("resampler", resampler()).met();
        SUMMARY.put("resampler_min_x", slowestResampler);
        ok &= SUMMARY.target("vad", vad(fixtures, jfk)).met();
        SUMMARY.put("vad_min_x", slowestVad);
        ok &= SUMMARY.target("tts_overhead", tts(fixtures, rounds)).met();
        ok &= SUMMARY.target("stt_overhead", stt(fixtures, jfk, rounds)).met();
        System.out.println("load after: " + Machine.loadAverage());
        System.exit(SUMMARY.print());
    }

    private static boolean resampler() {
        boolean ok = true;
        Random random = new Random(42);
        for (int[] pair : new int[][] {{48_000, 16_000}, {44_100, 16_000}, {22_050, 16_000}, {16_000, 22_050}, {44_100, 22_050}}) {
            float[] noise = new float[pair[0] * 60];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (random.nextGaussian() * 0.1);
            }
            Resampler r = new Resampler(pair[0], pair[1]);
            for (int i = 0; i < 3; i++) {
                r.process(noise); // warm-up: JIT
            }
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                r.process(noise);
                times.add(System.nanoTime() - t);
            }
            double realtime = 60.0 / (Samples.of(times).median() / 1e9);
            ok &= realtime >= RESAMPLER_REALTIME;
            slowestResampler = Math.min(slowestResampler, realtime);
            System.out.printf(Locale.ROOT, "resampler %d -> %d Hz: %.0fx real time on one thread (target >= %.0fx)%n",
                    pair[0], pair[1], realtime, RESAMPLER_REALTIME);
        }
        return ok;
    }

    private static boolean vad(Path fixtures, MonoAudio jfk) {
        boolean ok = true;
        for (boolean silero : new boolean[] {true, false}) {
            Path model = silero ? fixtures.resolve("vad/silero_vad_v5.onnx") : fixtures.resolve("no-such-model.onnx");
            try (VadEngine vad = new VadEngine(() -> model, EngineListener.NONE)) {
                vad.refresh();
                for (int i = 0; i < 5; i++) {
                    vad.detect(jfk, VadSettings.DEFAULTS);
                }
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    long t = System.nanoTime();
                    vad.detect(jfk, VadSettings.DEFAULTS);
                    times.add(System.nanoTime() - t);
                }
                double realtime = jfk.seconds() / (Samples.of(times).median() / 1e9);
                ok &= realtime >= VAD_REALTIME;
                slowestVad = Math.min(slowestVad, realtime);
                System.out.printf(Locale.ROOT, "vad (%s) on jfk.wav: %.0fx real time on one thread (target >= %.0fx)%n",
                        silero ? "Silero v5, ONNX Runtime, 1 intra-op thread" : "energy fallback", realtime, VAD_REALTIME);
            }
        }
        return ok;
    }

    private static boolean tts(Path fixtures, int rounds) throws Exception {
        Path voice = fixtures.resolve("piper/test_voice.onnx");
        String text = "And so, my fellow Americans, ask not what your country can do for you.";
        try (PiperEngine engine = new PiperEngine(voice::getParent, () -> voice, EngineListener.NONE);
                PiperJNI raw = new PiperJNI()) {
            raw.initialize(true, false);
            try (PiperVoice rawVoice = raw.loadVoice(voice, voice.resolveSibling("test_voice.onnx.json"))) {
                engine.refresh();
                LongSupplier rawCall = () -> time(() -> raw.textToAudio(rawVoice, text));
                LongSupplier ours = () -> time(() -> engine.synthesize(text, null).get(60, TimeUnit.SECONDS));
                return compare("tts (Piper, one sentence)", rawCall, ours, rounds, TTS_OVERHEAD_MS);
            }
        }
    }

    private static boolean stt(Path fixtures, MonoAudio jfk, int rounds) throws Exception {
        Path model = fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin");
        try (WhisperEngine engine = new WhisperEngine(() -> model, () -> "pull", 1, 4, EngineListener.NONE)) {
            engine.refresh();
            WhisperJNI raw = new WhisperJNI();
            try (WhisperContext context = raw.initNoState(model); WhisperState state = raw.initState(context)) {
                float[] samples = jfk.samples();
                int threads = Runtime.getRuntime().availableProcessors();
                LongSupplier rawCall = () -> time(() -> {
                    // The same parameters WhisperEngine sets, so only our wrapping differs.
                    WhisperFullParams params = WhisperEngine.params(threads, 0, "en");
                    raw.fullWithState(context, state, params, samples, samples.length);
                    return raw.fullNSegmentsFromState(state);
                });
                LongSupplier ours = () -> time(() -> engine.transcribe(jfk, null));
                byte[] wav = Files.readAllBytes(fixtures.resolve("audio/jfk.wav"));
                List<Long> decode = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    decode.add(time(() -> AudioDecoder.decode(wav, AudioLimits.DEFAULT).mono()));
                }
                System.out.printf(Locale.ROOT, "stt decoding jfk.wav (11 s, 16-bit WAV) to mono floats: median %.2f ms%n",
                        Samples.of(decode.subList(10, 20)).median() / 1e6);
                List<Long> prepare = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    prepare.add(time(() -> dev.vtubermiku.speech.audio.Loudness.normalize(
                            Resampler.to(jfk, 16_000).samples(), -20, -1, 30)));
                }
                System.out.printf(Locale.ROOT, "stt preprocessing jfk.wav (resample when needed, loudness): median %.2f ms%n",
                        Samples.of(prepare.subList(10, 20)).median() / 1e6);
                boolean medians = compare("stt (Whisper, jfk.wav, fixture model)", rawCall, ours, rounds, STT_OVERHEAD_MS);
                // The difference of medians of ~1 s calls drowns in noise on a shared box, so also
                // time each of our calls and subtract the native call inside it.
                List<Long> wrapping = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    long total = time(() -> engine.transcribe(jfk, null));
                    wrapping.add(total - engine.lastNativeNanos());
                }
                Samples w = Samples.of(wrapping);
                System.out.printf(Locale.ROOT, "stt our time around the native call (queue, preprocessing, result): median %.2f ms, "
                        + "p90 %.2f ms, max %.2f ms (target <= %.0f ms)%n", w.median() / 1e6, w.percentile(90) / 1e6,
                        w.max() / 1e6, STT_OVERHEAD_MS);
                SUMMARY.put("stt_wrap_ms", w.median() / 1e6);
                return w.median() / 1e6 <= STT_OVERHEAD_MS || medians;
            }
        }
    }

    /** Alternates raw and wrapped calls after a warm-up; the overhead is the difference of medians. */
    private static boolean compare(String what, LongSupplier raw, LongSupplier ours, int rounds, double targetMs) {
        for (int i = 0; i < 5; i++) {
            raw.getAsLong();
            ours.getAsLong();
        }
        List<Long> rawTimes = new ArrayList<>();
        List<Long> ourTimes = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            rawTimes.add(raw.getAsLong());
            ourTimes.add(ours.getAsLong());
        }
        double rawMs = Samples.of(rawTimes).median() / 1e6;
        double ourMs = Samples.of(ourTimes).median() / 1e6;
        double overhead = ourMs - rawMs;
        System.out.printf(Locale.ROOT, "%s: raw median %.2f ms, ours %.2f ms, overhead %.2f ms (target <= %.0f ms), %d rounds%n",
                what, rawMs, ourMs, overhead, targetMs, rounds);
        SUMMARY.put(what.substring(0, 3) + "_overhead_ms", overhead);
        return overhead <= targetMs;
    }

    interface Call {
        Object run() throws Exception;
    }

    private static long time(Call call) {
        long t = System.nanoTime();
        try {
            call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - t;
    }
}
