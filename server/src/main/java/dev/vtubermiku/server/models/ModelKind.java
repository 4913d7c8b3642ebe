package dev.vtubermiku.server.models;

import java.util.Locale;

/** What a model is for; each kind has its own folder below MODELS_DIR. */
public enum ModelKind {
    PIPER,
    WHISPER,
    VAD,
    /** piper1-gpl training checkpoints (rhasspy/piper-checkpoints) that voice training fine-tunes from. */
    CHECKPOINT;

    /** The folder below MODELS_DIR, and the name on the wire. */
    public String folder() {
        return this == CHECKPOINT ? "checkpoints" : name().toLowerCase(Locale.ROOT);
    }

    static ModelKind parse(String value) {
        for (ModelKind kind : values()) {
            if (kind.folder().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown model kind '" + value + "' (piper, whisper, vad or checkpoints)");
    }
}
