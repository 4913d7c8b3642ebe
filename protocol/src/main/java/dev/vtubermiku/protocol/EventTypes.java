package dev.vtubermiku.protocol;

import java.util.List;

/** The exact event type names of the contract (DESIGN.md, WebSocket). */
public final class EventTypes {
    public static final String CHAT_MESSAGE = "chat.message";
    public static final String CHAT_TOKEN = "chat.token";
    public static final String CHAT_RESPONSE = "chat.response";
    public static final String CHARACTER_SWITCHED = "character.switched";
    public static final String TRAINING_STARTED = "training.started";
    public static final String TRAINING_PROGRESS = "training.progress";
    public static final String TRAINING_COMPLETED = "training.completed";
    public static final String TRAINING_FAILED = "training.failed";
    public static final String SYSTEM_STATUS = "system.status";
    public static final String ERROR_OCCURRED = "error.occurred";
    public static final String AUDIO_PROCESSED = "audio.processed";
    public static final String MODEL_LOADED = "model.loaded";
    public static final String MODEL_SAVED = "model.saved";
    public static final String MODEL_FAILED = "model.failed";
    public static final String LOG_ENTRY = "log.entry";
    public static final String SPEECH_STARTED = "speech.started";
    public static final String SPEECH_FINISHED = "speech.finished";
    public static final String STT_TRANSCRIPT = "stt.transcript";
    /** Download progress of a model pull; live only, like log lines (a few per second per pull). */
    public static final String MODEL_PROGRESS = "model.progress";
    /** A character's avatar was uploaded, removed or remapped (issue 11). */
    public static final String AVATAR_CHANGED = "avatar.changed";

    /** Every type of the contract, in the order DESIGN.md lists them. */
    public static final List<String> ALL = List.of(
            CHAT_MESSAGE, CHAT_RESPONSE, CHARACTER_SWITCHED, TRAINING_STARTED, TRAINING_PROGRESS,
            TRAINING_COMPLETED, TRAINING_FAILED, SYSTEM_STATUS, ERROR_OCCURRED, AUDIO_PROCESSED,
            MODEL_LOADED, MODEL_SAVED, MODEL_FAILED, CHAT_TOKEN, LOG_ENTRY, SPEECH_STARTED,
            SPEECH_FINISHED, STT_TRANSCRIPT, MODEL_PROGRESS,
            AVATAR_CHANGED);

    /**
     * Live log lines and download progress are delivered but never stored: both are frequent,
     * and only their latest value matters (the outcome of a pull is stored as model.saved/failed).
     */
    public static boolean isPersisted(String type) {
        return !LOG_ENTRY.equals(type) && !MODEL_PROGRESS.equals(type);
    }

    private EventTypes() {}
}
