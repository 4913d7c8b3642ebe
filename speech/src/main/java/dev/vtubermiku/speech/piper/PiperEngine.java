package dev.vtubermiku.speech.piper;

import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.EngineStatus;
import dev.vtubermiku.speech.EngineStatus.State;
import io.github.givimad.piperjni.PiperJNI;
import io.github.givimad.piperjni.PiperVoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Piper voices through piper-jni. piper-jni crashes the JVM when called from two threads at once,
 * so one platform thread owns the library and every loaded voice, and requests queue for it in
 * arrival order. Voices are found by scanning the voices folder; the default voice is loaded as
 * soon as its file appears (see {@link #refresh()}), others on first use; a changed file is loaded again.
 */
public final class PiperEngine implements TextToSpeech, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PiperEngine.class);
    /** Loaded native voices kept at most (each holds its ONNX session, tens of MB). */
    private static final int LOADED_VOICES = 4;
    private static final int QUEUE = 512;

    private final Supplier<Path> voicesFolder;
    private final Supplier<Path> defaultVoice;
    private final EngineListener listener;
    private final VoiceCatalog catalog = new VoiceCatalog();
    private final ThreadPoolExecutor thread;

    private volatile List<PiperVoiceFile> voices = List.of();
    private volatile EngineStatus status;

    // Owned by the Piper thread alone.
    private @Nullable PiperJNI piper;
    private final Map<String, PiperVoice> loaded = new LinkedHashMap<>(8, 0.75f, true);

    /**
     * @param voicesFolder MODELS_DIR/piper, read again on every refresh
     * @param defaultVoice PIPER_MODEL_PATH, read again on every refresh
     */
    public PiperEngine(Supplier<Path> voicesFolder, Supplier<Path> defaultVoice, EngineListener listener) {
        this.voicesFolder = voicesFolder;
        this.defaultVoice = defaultVoice;
        this.listener = listener;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("piper").daemon(true).factory());
        this.status = new EngineStatus(State.NOT_LOADED, defaultVoice.get().toString(), "not checked yet", null, null);
    }

    /**
     * Scans the voices again and, when the default voice is new or its file changed, loads it (in
     * the background, on the Piper thread). Cheap enough for the status probe to call every few seconds;
     * this is what makes a pulled voice usable without a restart.
     */
    public void refresh() {
        Path defaultModel = defaultVoice.get();
        List<PiperVoiceFile> found = catalog.scan(voicesFolder.get(), defaultModel);
        voices = found;
        Optional<PiperVoiceFile> def = found.stream().filter(v -> v.info().isDefault()).findFirst();
        if (def.isEmpty()) {
            status = new EngineStatus(State.MISSING, defaultModel.toString(), "no Piper voice at " + defaultModel
                    + (found.isEmpty() ? "" : " (" + found.size() + " other voice(s) available)"), status.lastError(),
                    pullFix(defaultModel));
            return;
        }
        PiperVoiceFile voice = def.get();
        boolean current = status.state() == State.READY && status.model().equals(voice.loadKey());
        boolean failedBefore = status.state() == State.FAILED && status.model().equals(voice.loadKey());
        if (!current && !failedBefore && status.state() != State.LOADING) {
            status = new EngineStatus(State.LOADING, voice.loadKey(), "loading voice " + voice.info().name(), status.lastError(), null);
            try {
                thread.execute(() -> {
                    try {
                        load(voice);
                    } catch (SpeechUnavailableException e) {
                        log.debug("Default voice failed to load", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                status = new EngineStatus(State.NOT_LOADED, voice.loadKey(), "busy; loads on first use", status.lastError(), null);
            }
        }
    }

    /** Forgets every loaded voice and scans again: for a voice replaced in place or a changed default. */
    public void reload() {
        CompletableFuture.runAsync(() -> {
            loaded.values().forEach(PiperVoice::close);
            loaded.clear();
        }, thread).join();
        status = new EngineStatus(State.NOT_LOADED, defaultVoice.get().toString(), "reloading", status.lastError(), null);
        refresh();
    }

    /** For status: the default voice's state, what it is, the last failure and the fix. */
    public EngineStatus status() {
        EngineStatus s = status;
        Optional<PiperVoiceFile> def = voices.stream().filter(v -> v.info().isDefault()).findFirst();
        String shown = def.map(v -> v.info().name() + " (" + v.model() + ")").orElse(defaultVoice.get().toString());
        return new EngineStatus(s.state(), shown, s.detail(), s.lastError(), s.fix());
    }

    @Override
    public List<VoiceInfo> voices() {
        return voices.stream().map(PiperVoiceFile::info).toList();
    }

    @Override
    public VoiceInfo voice(@Nullable String name) {
        return resolve(name).info();
    }

    private PiperVoiceFile resolve(@Nullable String name) {
        Optional<PiperVoiceFile> found = find(name);
        if (found.isEmpty()) {
            refresh(); // a voice pulled since the last scan
            found = find(name);
        }
        if (found.isPresent()) {
            return found.get();
        }
        if (name == null) {
            Path model = defaultVoice.get();
            throw new SpeechUnavailableException("no Piper voice at " + model, pullFix(model));
        }
        throw new UnknownVoiceException(name);
    }

    private Optional<PiperVoiceFile> find(@Nullable String name) {
        List<PiperVoiceFile> all = voices;
        if (name == null) {
            return all.stream().filter(v -> v.info().isDefault()).findFirst();
        }
        return all.stream().filter(v -> v.info().name().equals(name)).findFirst()
                .or(() -> all.stream().filter(v -> v.info().speaker() != null
                        && v.info().name().startsWith(name + "#")).findFirst());
    }

    @Override
    public CompletableFuture<SpokenAudio> synthesize(String text, @Nullable String voiceName) {
        if (text.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("text must not be blank"));
        }
        PiperVoiceFile voice;
        try {
            voice = resolve(voiceName);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            return CompletableFuture.supplyAsync(() -> speak(voice, text), thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SpeechUnavailableException(
                    "text to speech is saturated (" + QUEUE + " requests waiting)", "try again in a moment"));
        }
    }

    /** On the Piper thread. */
    private SpokenAudio speak(PiperVoiceFile voice, String text) {
        PiperVoice native_ = load(voice);
        try {
            short[] samples = engine().textToAudio(native_, text);
            return new SpokenAudio(samples, native_.getSampleRate());
        } catch (IOException | PiperJNI.NotInitialized e) {
            throw new IllegalStateException("Piper failed to speak with " + voice.info().name() + ": " + e.getMessage(), e);
        }
    }

    /** On the Piper thread. */
    private PiperVoice load(PiperVoiceFile voice) {
        String key = voice.loadKey();
        PiperVoice existing = loaded.get(key);
        if (existing != null) {
            return existing;
        }
        long start = System.nanoTime();
        try {
            PiperVoice created = engine().loadVoice(voice.model(), voice.config(), voice.speakerId(), false);
            loaded.put(key, created);
            evict();
            long ms = (System.nanoTime() - start) / 1_000_000;
            log.info("Piper voice {} loaded in {} ms ({} Hz)", voice.info().name(), ms, created.getSampleRate());
            if (voice.info().isDefault()) {
                status = new EngineStatus(State.READY, key, "voice " + voice.info().name() + " loaded ("
                        + voices.size() + " voice(s) available)", null, null);
            }
            listener.loaded("tts", voice.info().name(), ms);
            return created;
        } catch (IOException | RuntimeException | PiperJNI.NotInitialized e) {
            String error = "Piper voice " + voice.info().name() + " could not be loaded: " + e.getMessage();
            String fix = "check " + voice.config().getFileName() + " (piper-jni 1.2.0 needs single-codepoint phonemes) or pull the voice again: ./vtuber models pull "
                    + voice.info().name().replaceFirst("#.*", "");
            log.warn(error, e);
            if (voice.info().isDefault()) {
                status = new EngineStatus(State.FAILED, key, error, error, fix);
            }
            listener.failed("tts", voice.info().name(), error, fix);
            throw new SpeechUnavailableException(error, fix);
        }
    }

    private void evict() {
        while (loaded.size() > LOADED_VOICES) {
            var eldest = loaded.entrySet().iterator().next();
            eldest.getValue().close();
            loaded.remove(eldest.getKey());
        }
    }

    /** On the Piper thread: the library, started on first use (it unpacks natives and espeak-ng data). */
    private PiperJNI engine() throws IOException {
        PiperJNI p = piper;
        if (p == null) {
            p = new PiperJNI();
            p.initialize(true, false);
            log.info("piper-jni {} ready", p.getPiperVersion());
            piper = p;
        }
        return p;
    }

    static String pullFix(Path model) {
        return "no Piper voice: run ./vtuber models pull " + VoiceCatalog.nameOf(model);
    }

    @Override
    public void close() {
        try {
            CompletableFuture.runAsync(() -> {
                loaded.values().forEach(PiperVoice::close);
                loaded.clear();
                PiperJNI p = piper;
                if (p != null) {
                    p.close();
                    piper = null;
                }
            }, thread).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Piper did not shut down cleanly", e);
        }
        thread.shutdownNow();
    }
}
