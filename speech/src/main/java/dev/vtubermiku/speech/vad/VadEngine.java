package dev.vtubermiku.speech.vad;

import ai.onnxruntime.OrtException;
import dev.vtubermiku.core.speech.FrameAssembler;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechSegment;
import dev.vtubermiku.core.speech.SpeechSegmenter;
import dev.vtubermiku.core.speech.VadSettings;
import dev.vtubermiku.core.speech.VoiceActivityDetector;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.EngineStatus;
import dev.vtubermiku.speech.EngineStatus.State;
import dev.vtubermiku.speech.FileStamp;
import dev.vtubermiku.speech.audio.Resampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice activity detection with Silero VAD v5 when its model is there, and an energy meter when it
 * is not (reported as a fallback in status). A model that appears or changes is loaded on the next
 * {@link #refresh()}; streams already open keep the scorer they started with.
 */
public final class VadEngine implements VoiceActivityDetector, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VadEngine.class);
    private static final String FIX = "run ./vtuber models pull silero-vad (voice detection uses an energy threshold until then)";

    private final Supplier<Path> modelPath;
    private final EngineListener listener;
    private volatile @Nullable Loaded silero;
    private volatile EngineStatus status;
    private volatile @Nullable FileStamp failedFile;

    private record Loaded(FileStamp file, SileroModel model) {}

    public VadEngine(Supplier<Path> modelPath, EngineListener listener) {
        this.modelPath = modelPath;
        this.listener = listener;
        this.status = new EngineStatus(State.NOT_LOADED, modelPath.get().toString(), "not checked yet", null, null);
    }

    /** Loads the Silero model when it is new or changed; falls back to energy when it is missing or broken. */
    public synchronized void refresh() {
        Path path = modelPath.get();
        Optional<FileStamp> file = FileStamp.of(path);
        Loaded now = silero;
        if (file.isEmpty()) {
            if (now != null) {
                silero = null; // open streams keep their scorer; the session is freed with the engine
            }
            status = new EngineStatus(State.FALLBACK, path.toString(),
                    "no Silero VAD model at " + path + "; detecting speech by energy (less reliable)", status.lastError(), FIX);
            return;
        }
        if (now != null && now.file().equals(file.get()) || file.get().equals(failedFile)) {
            return;
        }
        long start = System.nanoTime();
        try {
            SileroModel model = new SileroModel(path);
            silero = new Loaded(file.get(), model);
            failedFile = null;
            long ms = (System.nanoTime() - start) / 1_000_000;
            log.info("Silero VAD {} loaded in {} ms", path.getFileName(), ms);
            status = new EngineStatus(State.READY, path.toString(), "Silero VAD loaded from " + path.getFileName(), null, null);
            listener.loaded("vad", path.getFileName().toString(), ms);
        } catch (OrtException | RuntimeException e) {
            failedFile = file.get();
            String error = "Silero VAD model " + path + " could not be loaded: " + e.getMessage();
            String fix = "the file may be damaged: " + FIX;
            log.warn(error, e);
            status = new EngineStatus(State.FAILED, path.toString(), error + "; detecting speech by energy", error, fix);
            listener.failed("vad", path.getFileName().toString(), error, fix);
        }
    }

    /** Loads the model again even if it looks unchanged. */
    public synchronized void reload() {
        failedFile = null;
        silero = null;
        refresh();
    }

    public EngineStatus status() {
        return status;
    }

    /** Whether detection uses Silero (true) or the energy fallback. */
    public boolean usesModel() {
        return silero != null;
    }

    @Override
    public int sampleRate() {
        return 16_000;
    }

    @Override
    public List<SpeechSegment> detect(MonoAudio audio, VadSettings settings) {
        MonoAudio at16k = Resampler.to(audio, 16_000);
        try (VadStream stream = open(settings)) {
            List<SpeechSegment> segments = new ArrayList<>(stream.accept(at16k.samples()));
            segments.addAll(stream.finish());
            return segments;
        }
    }

    @Override
    public VadStream open(VadSettings settings) {
        Loaded model = silero;
        FrameScorer scorer = model != null ? model.model().scorer() : new EnergyScorer();
        return new Stream(scorer, new SpeechSegmenter(settings, 16_000, scorer.frameSamples()));
    }

    @Override
    public SpeechScorer openScorer() {
        Loaded model = silero;
        FrameScorer scorer = model != null ? model.model().scorer() : new EnergyScorer();
        return new SpeechScorer() {
            @Override
            public int frameSamples() {
                return scorer.frameSamples();
            }

            @Override
            public float score(float[] frame) {
                return scorer.score(frame);
            }

            @Override
            public void close() {
                scorer.close();
            }
        };
    }

    /** Frames the incoming samples for the scorer and hands the probabilities to the segmenter. */
    private static final class Stream implements VadStream {
        private final FrameScorer scorer;
        private final SpeechSegmenter segmenter;
        private final FrameAssembler frames;
        private long total;

        Stream(FrameScorer scorer, SpeechSegmenter segmenter) {
            this.scorer = scorer;
            this.segmenter = segmenter;
            this.frames = new FrameAssembler(scorer.frameSamples());
        }

        @Override
        public List<SpeechSegment> accept(float[] samples) {
            List<SpeechSegment> ended = new ArrayList<>(1);
            frames.push(samples, frame -> ended.addAll(segmenter.push(scorer.score(frame))));
            total += samples.length;
            return ended;
        }

        @Override
        public boolean inSpeech() {
            return segmenter.inSpeech();
        }

        @Override
        public List<SpeechSegment> finish() {
            return segmenter.finish(total);
        }

        @Override
        public void close() {
            scorer.close();
        }
    }

    @Override
    public void close() {
        Loaded model = silero;
        silero = null;
        if (model != null) {
            try {
                model.model().close();
            } catch (OrtException e) {
                log.debug("Silero session close failed", e);
            }
        }
    }
}
