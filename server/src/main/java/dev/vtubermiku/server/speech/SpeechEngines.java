package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.VoiceActivityDetector;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.protocol.event.ModelFailed;
import dev.vtubermiku.protocol.event.ModelLoaded;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.EngineStatus;
import dev.vtubermiku.speech.piper.PiperEngine;
import dev.vtubermiku.speech.vad.VadEngine;
import dev.vtubermiku.speech.whisper.WhisperEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Piper, Whisper and Silero as the backend runs them. Model paths are read from the live
 * configuration on every check, so a changed WHISPER_MODEL or PIPER_MODEL_PATH, or a model pulled
 * while running, is loaded by the next probe (every 5 s) or on first use; {@link #reload} does it
 * at once (for the model manager to call when a pull finishes).
 */
public final class SpeechEngines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpeechEngines.class);

    /** The three engines, for {@link #reload}. */
    public enum Kind {
        STT,
        TTS,
        VAD
    }

    private final PiperEngine piper;
    private final WhisperEngine whisper;
    private final VadEngine vad;

    public SpeechEngines(RuntimeConfig config, EventBus bus) {
        EngineListener events = new EngineListener() {
            @Override
            public void loaded(String engine, String model, long millis) {
                bus.publish(new ModelLoaded(engine, model, millis), Severity.INFO, engine + " model " + model + " loaded");
            }

            @Override
            public void failed(String engine, String model, String error, String fix) {
                bus.publish(ModelFailed.engine(engine, model, error, fix), Severity.ERROR, error);
            }
        };
        this.piper = new PiperEngine(() -> config.current().modelsDir().resolve("piper"), () -> config.current().piperModelPath(), events);
        try {
            this.whisper = new WhisperEngine(() -> config.current().whisperModelFile(),
                    () -> "./vtuber models pull whisper-" + whisperName(config), config.current().sttWorkers(),
                    config.current().sttWorkers() * 16, () -> config.current().sttAudioCtx(), events);
        } catch (IOException e) {
            piper.close();
            throw new UncheckedIOException("the Whisper native library cannot be loaded: " + e.getMessage(), e);
        }
        this.vad = new VadEngine(() -> config.current().vadModelPath(), events);
    }

    private static String whisperName(RuntimeConfig config) {
        String explicit = config.current().get(ConfigKey.WHISPER_MODEL_PATH);
        if (!explicit.isBlank()) {
            String file = java.nio.file.Path.of(explicit).getFileName().toString();
            return file.replaceFirst("^ggml-", "").replaceFirst("\\.bin$", "");
        }
        return config.current().get(ConfigKey.WHISPER_MODEL);
    }

    public TextToSpeech tts() {
        return piper;
    }

    public SpeechToText stt() {
        return whisper;
    }

    public VoiceActivityDetector vad() {
        return vad;
    }

    /**
     * Loads the models of {@code kind} again now, even when their files look unchanged. The model
     * manager calls this when a pull of that kind finishes, so the new model serves the next
     * request; blocks until loaded (Whisper, VAD) or the voice is queued for loading (Piper).
     */
    public void reload(Kind kind) {
        switch (kind) {
            case STT -> whisper.reload();
            case TTS -> piper.reload();
            case VAD -> vad.reload();
        }
    }

    /**
     * Scans MODELS_DIR/piper again now, for a voice just installed there (a trained one): unlike
     * {@link #reload}, voices in use stay loaded, so the live voice does not pause to load again.
     */
    public void refreshVoices() {
        piper.refresh();
    }

    /** Status probes for stt, tts and vad; each check also picks up new or changed model files. */
    public List<ServiceProbe> probes() {
        return List.of(probe(ServiceId.STT, () -> {
            whisper.refresh();
            return whisper.status();
        }), probe(ServiceId.TTS, () -> {
            piper.refresh();
            return piper.status();
        }), probe(ServiceId.VAD, () -> {
            vad.refresh();
            return vad.status();
        }));
    }

    private static ServiceProbe probe(ServiceId id, Supplier<EngineStatus> check) {
        return new ServiceProbe() {
            @Override
            public ServiceId service() {
                return id;
            }

            @Override
            public Duration interval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public ServiceHealth check() {
                return health(id, check.get());
            }
        };
    }

    static ServiceHealth health(ServiceId id, EngineStatus s) {
        String detail = s.detail();
        if (s.lastError() != null && !detail.contains(s.lastError())) {
            detail += " (last error: " + s.lastError() + ")";
        }
        String fix = s.fix() == null ? "see the log for details" : s.fix();
        return switch (s.state()) {
            case READY -> ServiceHealth.ok(id, detail);
            case FALLBACK -> ServiceHealth.degraded(id, detail, fix);
            case NOT_LOADED, LOADING -> ServiceHealth.degraded(id, detail, "wait a moment: the model is loading");
            case MISSING, FAILED -> ServiceHealth.unavailable(id, detail, fix);
        };
    }

    @Override
    public void close() {
        for (AutoCloseable engine : List.<AutoCloseable>of(piper, whisper, vad)) {
            try {
                engine.close();
            } catch (Exception e) {
                log.warn("Closing a speech engine failed", e);
            }
        }
    }
}
