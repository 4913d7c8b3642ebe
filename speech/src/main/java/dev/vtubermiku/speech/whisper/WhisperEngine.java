package dev.vtubermiku.speech.whisper;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.EngineStatus;
import dev.vtubermiku.speech.EngineStatus.State;
import dev.vtubermiku.speech.FileStamp;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whisper through whisper-jni. One context (the weights) is shared; each concurrent transcription
 * needs its own {@link WhisperState}, so a fixed set of worker threads each owns one state, and
 * requests beyond them wait in a bounded queue. Audio is brought to 16 kHz and a steady loudness first.
 *
 * <p>Language: whisper-jni 1.7.1 has no getter for the language whisper.cpp detects. whisper.cpp
 * reports it in one log line ("auto-detected language: xx (p = ...)"), written through the log
 * callback on the thread that runs the transcription. Each worker marks the transcription it runs
 * in a thread-local, and the log hook files the language with that transcription; the detection is
 * whisper.cpp's own, not a guess of ours. English-only models always report {@code en}.
 */
public final class WhisperEngine implements SpeechToText, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WhisperEngine.class);
    private static final Logger nativeLog = LoggerFactory.getLogger("whisper.cpp");
    private static final Pattern DETECTED = Pattern.compile("auto-detected language: ([a-z]{2,3})");
    private static final ThreadLocal<@Nullable String[]> DETECTION = new ThreadLocal<>();

    private final Supplier<Path> modelPath;
    private final Supplier<String> pullHint;
    private final EngineListener listener;
    private final int workers;
    private final WhisperPool pool;
    private final IntSupplier audioCtx;
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();

    /** The native library, loaded with the first model: a backend without a Whisper model never maps it. */
    private volatile @Nullable WhisperJNI whisper;
    private @Nullable Loaded current; // guarded by swap
    private volatile EngineStatus status;
    private volatile @Nullable FileStamp failedFile;
    private volatile long lastNativeNanos;

    /** A loaded model: its context and one state per worker. */
    private record Loaded(FileStamp file, WhisperContext context, BlockingQueue<WhisperState> states, boolean multilingual) {}

    /**
     * @param modelPath WHISPER_MODEL_PATH or MODELS_DIR/whisper/ggml-WHISPER_MODEL.bin, read on every refresh
     * @param pullHint the command that gets the configured model, e.g. "./vtuber models pull whisper-base"
     * @param workers how many transcriptions run at once (each holds a state of 100-500 MB)
     * @param queue how many more may wait before requests are refused as saturated
     * @throws IOException not thrown any more (the native library loads with the first model); kept for callers
     */
    public WhisperEngine(Supplier<Path> modelPath, Supplier<String> pullHint, int workers, int queue, EngineListener listener)
            throws IOException {
        this(modelPath, pullHint, workers, queue, () -> 0, listener);
    }

    /**
     * @param audioCtx STT_AUDIO_CTX, read for each live transcription: 0, the full encoder context
     *     (Whisper's 30 s window); N, whisper.cpp's {@code audio_ctx} sized to the audio, at least N
     *     frames of 20 ms (see {@link WhisperInput#audioContext}): short audio answers sooner, but the stock models
     *     lose accuracy with it (opt-in)
     */
    public WhisperEngine(Supplier<Path> modelPath, Supplier<String> pullHint, int workers, int queue, IntSupplier audioCtx,
            EngineListener listener) throws IOException {
        this.modelPath = modelPath;
        this.pullHint = pullHint;
        this.listener = listener;
        this.audioCtx = audioCtx;
        this.workers = Math.max(1, workers);
        this.pool = new WhisperPool(this.workers, queue, Runtime.getRuntime().availableProcessors());
        this.status = new EngineStatus(State.NOT_LOADED, modelPath.get().toString(), "not checked yet", null, null);
    }

    /** whisper.cpp's log lines: to SLF4J, and the detected language to the transcription on this thread. */
    private static void nativeLine(String line) {
        String[] detection = DETECTION.get();
        if (detection != null) {
            Matcher m = DETECTED.matcher(line);
            if (m.find()) {
                detection[0] = m.group(1);
            }
        }
        nativeLog.debug("{}", line.strip());
    }

    /**
     * Loads the configured model when it is new, changed or was missing; no work when it is already
     * loaded. A model that failed is not tried again until its file changes. Blocks while loading.
     */
    public synchronized void refresh() {
        Path path = modelPath.get();
        Optional<FileStamp> file = FileStamp.of(path);
        if (file.isEmpty()) {
            unload();
            status = new EngineStatus(State.MISSING, path.toString(), "no Whisper model at " + path, status.lastError(),
                    "no Whisper model: run " + pullHint.get());
            return;
        }
        swap.readLock().lock();
        try {
            if (current != null && current.file().equals(file.get())) {
                return;
            }
        } finally {
            swap.readLock().unlock();
        }
        if (file.get().equals(failedFile)) {
            return;
        }
        load(file.get());
    }

    /** Loads the configured model again even if it looks unchanged. */
    public synchronized void reload() {
        failedFile = null;
        unload();
        refresh();
    }

    /** Under this engine's lock (refresh): the library once, before the first model. */
    private WhisperJNI library() throws IOException {
        WhisperJNI w = whisper;
        if (w == null) {
            WhisperJNI.loadLibrary(line -> log.debug("whisper-jni: {}", line));
            WhisperJNI.setLibraryLogger(WhisperEngine::nativeLine);
            w = new WhisperJNI();
            whisper = w;
        }
        return w;
    }

    private void load(FileStamp file) {
        status = new EngineStatus(State.LOADING, file.path().toString(), "loading " + file.path().getFileName(), status.lastError(), null);
        long start = System.nanoTime();
        WhisperContext context = null;
        List<WhisperState> states = new ArrayList<>();
        try {
            WhisperJNI whisper = library();
            context = whisper.initNoState(file.path());
            for (int i = 0; i < workers; i++) {
                states.add(whisper.initState(context));
            }
            boolean multilingual = whisper.isMultilingual(context);
            Loaded loaded = new Loaded(file, context, new ArrayBlockingQueue<>(workers, false, states), multilingual);
            swap.writeLock().lock();
            try {
                Loaded old = current;
                current = loaded;
                if (old != null) {
                    free(old);
                }
            } finally {
                swap.writeLock().unlock();
            }
            failedFile = null;
            long ms = (System.nanoTime() - start) / 1_000_000;
            log.info("Whisper model {} loaded in {} ms ({}, {} worker(s); live transcriptions on up to {} thread(s))",
                    file.path().getFileName(), ms, multilingual ? "multilingual" : "English only", workers, pool.threads(true));
            status = new EngineStatus(State.READY, file.path().toString(), "model " + file.path().getFileName() + " loaded ("
                    + (multilingual ? "multilingual" : "English only") + ")", null, null);
            listener.loaded("stt", file.path().getFileName().toString(), ms);
        } catch (IOException | RuntimeException e) {
            states.forEach(WhisperState::close);
            if (context != null) {
                context.close();
            }
            failedFile = file;
            String error = "Whisper model " + file.path() + " could not be loaded: " + e.getMessage();
            String fix = "the file may be damaged or not a ggml model: run " + pullHint.get() + " again";
            log.warn(error, e);
            status = new EngineStatus(State.FAILED, file.path().toString(), error, error, fix);
            listener.failed("stt", file.path().getFileName().toString(), error, fix);
        }
    }

    private void unload() {
        swap.writeLock().lock();
        try {
            if (current != null) {
                free(current);
                current = null;
            }
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** Under the write lock, so no transcription holds a state. */
    private static void free(Loaded loaded) {
        loaded.states().forEach(WhisperState::close);
        loaded.context().close();
    }

    public EngineStatus status() {
        return status;
    }

    /**
     * How long whisper.cpp itself took in the most recently finished transcription: lets a
     * benchmark subtract the engine from a call and see our own overhead, which on a busy machine
     * is far below the run-to-run noise of a whole transcription.
     */
    public long lastNativeNanos() {
        return lastNativeNanos;
    }

    @Override
    public int sampleRate() {
        return 16_000;
    }

    private boolean loaded() {
        swap.readLock().lock();
        try {
            return current != null;
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public boolean multilingual() {
        swap.readLock().lock();
        try {
            return current != null && current.multilingual();
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public Transcript transcribe(MonoAudio audio, @Nullable String language) {
        return transcribe(audio, language, false);
    }

    /** The voice loop's turn: ahead of batch transcriptions, on every core, with the encoder context of STT_AUDIO_CTX. */
    @Override
    public Transcript transcribeLive(MonoAudio audio, @Nullable String language) {
        return transcribe(audio, language, true);
    }

    private Transcript transcribe(MonoAudio audio, @Nullable String language, boolean live) {
        if (language != null && !WhisperInput.LANGUAGES.contains(language.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("language must be an ISO 639-1 code Whisper knows, such as en, de or ja; '"
                    + language + "' is not one");
        }
        if (!loaded()) {
            refresh(); // load on demand: a model pulled since the last probe
        }
        float[] samples = WhisperInput.prepare(audio);
        Future<Transcript> job;
        try {
            String lang = language == null ? null : language.toLowerCase(Locale.ROOT);
            int ctx = live ? WhisperInput.audioContext(audioCtx.getAsInt(), samples.length) : 0;
            job = pool.submit(live, threads -> run(samples, audio.seconds(), lang, threads, ctx));
        } catch (RejectedExecutionException e) {
            throw new SpeechUnavailableException("speech to text is saturated: " + workers + " running and "
                    + pool.waiting() + " waiting", "try again in a moment, or raise STT_WORKERS");
        }
        try {
            return job.get();
        } catch (InterruptedException e) {
            pool.cancel(job); // taken out of the queue if it has not started
            Thread.currentThread().interrupt();
            throw new SpeechUnavailableException("transcription interrupted", "try again");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** On a worker thread. */
    private Transcript run(float[] samples, double seconds, @Nullable String language, int threads, int ctx) {
        swap.readLock().lock();
        try {
            Loaded loaded = current;
            if (loaded == null) {
                EngineStatus s = status;
                throw new SpeechUnavailableException(s.detail(), s.fix() != null ? s.fix() : "run " + pullHint.get());
            }
            WhisperState state = loaded.states().poll();
            if (state == null) {
                throw new IllegalStateException("no free Whisper state although every worker owns one");
            }
            try {
                return transcribe(loaded, state, samples, seconds, language, threads, ctx);
            } finally {
                loaded.states().add(state);
            }
        } finally {
            swap.readLock().unlock();
        }
    }

    private Transcript transcribe(Loaded loaded, WhisperState state, float[] samples, double seconds, @Nullable String language,
            int threads, int ctx) {
        WhisperJNI whisper = java.util.Objects.requireNonNull(this.whisper, "the library loads with the model");
        String asked = loaded.multilingual() ? (language == null ? "auto" : language) : "en";
        WhisperFullParams params = params(threads, ctx, asked);
        String[] detection = {null};
        DETECTION.set(detection);
        int rc;
        long nativeStart = System.nanoTime();
        try {
            rc = whisper.fullWithState(loaded.context(), state, params, samples, samples.length);
        } finally {
            lastNativeNanos = System.nanoTime() - nativeStart;
            DETECTION.remove();
        }
        if (rc != 0) {
            throw new IllegalStateException("whisper.cpp failed to transcribe (code " + rc + ")");
        }
        int n = whisper.fullNSegmentsFromState(state);
        List<Transcript.Segment> segments = new ArrayList<>(n);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String piece = whisper.fullGetSegmentTextFromState(state, i);
            double t0 = whisper.fullGetSegmentTimestamp0FromState(state, i) / 100.0;
            double t1 = whisper.fullGetSegmentTimestamp1FromState(state, i) / 100.0;
            segments.add(new Transcript.Segment(t0, t1, piece.strip()));
            text.append(piece);
        }
        String reported = asked.equals("auto") ? (detection[0] != null ? detection[0] : "und") : asked;
        return new Transcript(text.toString().strip(), reported, segments, seconds);
    }

    /**
     * The parameters of every transcription: greedy, quiet, non-speech tokens suppressed; {@code
     * audioCtx} 0 for Whisper's full window; {@code language} a code or {@code auto}. Public so that a
     * benchmark of the raw call measures exactly what the engine asks for.
     */
    public static WhisperFullParams params(int threads, int audioCtx, String language) {
        WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
        params.nThreads = threads;
        params.audioCtx = audioCtx;
        params.printProgress = false;
        params.printRealtime = false;
        params.printTimestamps = false;
        params.suppressNonSpeechTokens = true;
        params.language = language;
        return params;
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30)) {
                log.warn("Whisper transcriptions still running at shutdown");
                pool.shutdownNow();
                return; // freeing the states under a running transcription would crash the JVM
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        unload();
    }
}
