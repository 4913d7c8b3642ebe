package dev.vtubermiku.bench;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.whisper.WhisperEngine;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whisper's real-time factor on this machine (compute time / audio length, lower is faster) for
 * models with tiny.en's and base's shapes. No real weights can be downloaded here, so the models are
 * generated with random weights ({@link GgmlWhisperModel}); the encoder's work is exactly a real
 * model's, the decoder's depends on how many tokens it writes, which with random weights is not what
 * a real model writes for the same audio (the token count is reported beside each figure). Runs the
 * production engine (WhisperEngine: one worker with every core, greedy, as the backend runs it).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=target/bench-tmp -cp bench/target/bench.jar \
 *     dev.vtubermiku.bench.WhisperRtfBench [--fixtures ../shared/fixtures] [--rounds 5]</pre>
 */
public final class WhisperRtfBench {

    private static final SummaryLine SUMMARY = new SummaryLine("whisper-rtf");

    private WhisperRtfBench() {}

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, "fixtures", "rounds");
        Path fixtures = options.fixtures();
        int rounds = options.integer("rounds", 5);
        MonoAudio jfk = SpeechSetup.prepare(fixtures);
        try (TempDir dir = TempDir.create("vtuber-whisper-rtf-")) {
            for (GgmlWhisperModel.Shape shape : List.of(GgmlWhisperModel.Shape.TINY, GgmlWhisperModel.Shape.BASE)) {
              for (boolean endAtOnce : List.of(true, false)) {
                Path model = dir.resolve("ggml-" + shape.name() + "-random.bin");
                long bytes = GgmlWhisperModel.write(fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin"), model, shape, 42,
                        endAtOnce);
                if (endAtOnce) {
                    onePass(model, shape, jfk, rounds);
                    continue;
                }
                try (WhisperEngine engine = new WhisperEngine(() -> model, () -> "none", 1, 4, EngineListener.NONE)) {
                    engine.refresh();
                    if (!engine.status().state().name().equals("READY")) {
                        throw new IllegalStateException(shape.name() + " did not load: " + engine.status());
                    }
                    engine.transcribe(jfk, null); // warm-up: first-use allocations
                    List<Long> nanos = new ArrayList<>();
                    int chars = 0;
                    int segments = 0;
                    for (int r = 0; r < rounds; r++) {
                        Transcript t = engine.transcribe(jfk, null);
                        nanos.add(engine.lastNativeNanos());
                        chars = t.text().length();
                        segments = t.segments().size();
                    }
                    Samples s = Samples.of(nanos);
                    System.out.printf(Locale.ROOT, "%-5s free-running, as the backend runs it (%.0f MB, %d threads): jfk.wav %.1f s in "
                            + "median %.0f ms (min %.0f, max %.0f) -> real-time factor %.3f; it wrote %d segments, %d characters%n",
                            shape.name(), bytes / 1e6, Runtime.getRuntime().availableProcessors(), jfk.seconds(),
                            s.median() / 1e6, s.min() / 1e6, s.max() / 1e6, s.median() / 1e9 / jfk.seconds(), segments, chars);
                    SUMMARY.put(shape.name().toLowerCase(java.util.Locale.ROOT) + "_rtf", s.median() / 1e9 / jfk.seconds());
                }
              }
            }
        }
        System.out.println("load after: " + Machine.loadAverage());
        System.exit(SUMMARY.print()); // reported figures: no target to miss
    }

    /**
     * The model that ends at once, through the raw library with temperature fallback off: the encoder
     * and a token or two of decoding, once. Random weights fail whisper.cpp's quality checks, which
     * makes it decode again at five higher temperatures; a real model on clear speech rarely does.
     * This is the reproducible figure (the encoder's cost is a real model's); a real model adds about
     * 30 decoder steps for jfk.wav.
     */
    private static void onePass(Path model, GgmlWhisperModel.Shape shape, MonoAudio jfk, int rounds) throws Exception {
        WhisperJNI.loadLibrary(); // the engine loads it too; this may run before any engine exists
        WhisperJNI raw = new WhisperJNI();
        float[] samples = jfk.samples();
        try (WhisperContext context = raw.initNoState(model); WhisperState state = raw.initState(context)) {
            WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
            params.nThreads = Runtime.getRuntime().availableProcessors();
            params.language = "en";
            params.temperatureInc = 0;
            params.suppressNonSpeechTokens = true;
            params.printProgress = false;
            params.printRealtime = false;
            params.printTimestamps = false;
            raw.fullWithState(context, state, params, samples, samples.length); // warm-up
            List<Long> nanos = new ArrayList<>();
            int chars = 0;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                raw.fullWithState(context, state, params, samples, samples.length);
                nanos.add(System.nanoTime() - start);
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < raw.fullNSegmentsFromState(state); i++) {
                    text.append(raw.fullGetSegmentTextFromState(state, i));
                }
                chars = text.length();
            }
            Samples s = Samples.of(nanos);
            System.out.printf(Locale.ROOT, "%-5s encoder + one short greedy pass, no fallback: median %.0f ms (min %.0f, max %.0f) "
                    + "-> real-time factor %.3f; %d characters%n", shape.name(), s.median() / 1e6, s.min() / 1e6,
                    s.max() / 1e6, s.median() / 1e9 / jfk.seconds(), chars);
        }
    }
}
