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
    /** On air (issue 11): the VTube Studio plugin's and OBS control's connection state. */
    public static final String VTS_STATE = "vts.state";
    public static final String OBS_STATE = "obs.state";

    // Her audience (issue 12): viewers' chat, the queue, her answers.
    /** A viewer's chat line arrived; live only (a raid brings hundreds a second). */
    public static final String AUDIENCE_MESSAGE = "audience.message";
    public static final String AUDIENCE_SELECTED = "audience.selected";
    /** Stored when it concerns a queued message; a filter's skips are published live only. */
    public static final String AUDIENCE_SKIPPED = "audience.skipped";
    public static final String AUDIENCE_REPLIED = "audience.replied";

    /** A character's avatar was uploaded, removed or remapped (issue 11). */
    public static final String AVATAR_CHANGED = "avatar.changed";

    /** Every type of the contract, in the order DESIGN.md lists them. */
    public static final List<String> ALL = List.of(
            CHAT_MESSAGE, CHAT_RESPONSE, CHARACTER_SWITCHED, TRAINING_STARTED, TRAINING_PROGRESS,
            TRAINING_COMPLETED, TRAINING_FAILED, SYSTEM_STATUS, ERROR_OCCURRED, AUDIO_PROCESSED,
            MODEL_LOADED, MODEL_SAVED, MODEL_FAILED, CHAT_TOKEN, LOG_ENTRY, SPEECH_STARTED,
            SPEECH_FINISHED, STT_TRANSCRIPT, MODEL_PROGRESS,
            AUDIENCE_MESSAGE, AUDIENCE_SELECTED, AUDIENCE_SKIPPED, AUDIENCE_REPLIED,
            VTS_STATE, OBS_STATE,
            AVATAR_CHANGED);

    /**
     * Live log lines and download progress are delivered but never stored: both are frequent,
     * and only their latest value matters (the outcome of a pull is stored as model.saved/failed).
     * Viewers' chat lines are never stored either: at 100 a second they would add millions of rows a
     * day to the events table; what matters of them is stored as audience.selected / .replied (and
     * audience.skipped for a queued message), and her answers in chat_logs.
     */
    public static boolean isPersisted(String type) {
        return !LOG_ENTRY.equals(type) && !MODEL_PROGRESS.equals(type) && !AUDIENCE_MESSAGE.equals(type);
    }

    private EventTypes() {}
}
