package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.CharacterSwitched;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.LogEntry;
import dev.vtubermiku.protocol.ModelProgress;
import dev.vtubermiku.protocol.StatusResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every event type with the record of its {@code data} and one line on when it comes. The event
 * reference ({@code docs/EVENTS.md}) is generated from this catalog and the records, and a test
 * keeps both complete: a type in {@link EventTypes#ALL} without a record here fails the build.
 */
public final class EventCatalog {

    /** One event type: its payload record and when it is published. */
    public record Entry(String type, Class<? extends EventPayload> data, String when) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add(EventTypes.CHAT_MESSAGE, ChatMessage.class,
                "a line for her arrived (the streamer's, typed or spoken, or a viewer's); her reply starts, all of it under one turn_id");
        add(EventTypes.CHAT_RESPONSE, ChatReplied.class, "her reply is complete and stored (chat_logs)");
        add(EventTypes.CHAT_TOKEN, ChatToken.class, "the next piece of her visible reply text, as the model writes it");
        add(EventTypes.ERROR_OCCURRED, ErrorOccurred.class,
                "a reply failed or was cancelled, a stage of a voice turn failed, or a remote speech engine stopped answering");
        add(EventTypes.AUDIO_PROCESSED, AudioProcessed.class, "a processing job cut a new training clip out of an upload");
        add(EventTypes.CHARACTER_SWITCHED, CharacterSwitched.class, "the active character changed");
        add(EventTypes.TRAINING_STARTED, TrainingStarted.class, "a training run was queued, new or resumed");
        add(EventTypes.TRAINING_PROGRESS, TrainingProgressed.class, "a run's epoch, step and loss, at most once a second within an epoch");
        add(EventTypes.TRAINING_COMPLETED, TrainingCompleted.class, "a run's voice is installed, speaks, and is the character's");
        add(EventTypes.TRAINING_FAILED, TrainingFailed.class, "a run failed, was cancelled, or was interrupted by a server stop");
        add(EventTypes.SYSTEM_STATUS, StatusResponse.class,
                "the status report (as GET /api/status); stored when a service's state or reason changes, live ticks otherwise");
        add(EventTypes.MODEL_LOADED, ModelLoaded.class, "an engine loaded a model");
        add(EventTypes.MODEL_SAVED, ModelSaved.class, "a model file is in place: downloaded, a trained voice, or a checkpoint");
        add(EventTypes.MODEL_FAILED, ModelFailed.class, "a download failed, or an engine could not load its model");
        add(EventTypes.LOG_ENTRY, LogEntry.class, "one log line (as GET /api/logs)");
        add(EventTypes.MODEL_PROGRESS, ModelProgress.class, "where a model download stands, a few times a second");
        add(EventTypes.SPEECH_STARTED, SpeechStarted.class,
                "one chunk of what she says starts: its text and 20 ms loudness envelope, for every utterance (chat, voice, greeting, audience)");
        add(EventTypes.SPEECH_FINISHED, SpeechFinished.class,
                "a chunk ended, or her turn ended (turn_end), or she was interrupted (what was heard of it)");
        add(EventTypes.STT_TRANSCRIPT, SttTranscript.class, "what she heard the streamer say in a voice turn");
        // Her audience (issue 12)
        add(EventTypes.AUDIENCE_MESSAGE, AudienceMessage.class,
                "a viewer's chat line arrived (Twitch, YouTube): cleaned, with its queue id and why, or null when a filter skipped it");
        add(EventTypes.AUDIENCE_SELECTED, AudienceSelected.class, "she starts answering a viewer's message; her reply follows as chat.* of turn_id");
        add(EventTypes.AUDIENCE_SKIPPED, AudienceSkipped.class,
                "a viewer's message she will not answer, and why (a filter's skips and a full queue's are live only)");
        add(EventTypes.AUDIENCE_REPLIED, AudienceReplied.class, "she answered a viewer: spoken, and posted back to chat when enabled");
        // On air (issue 11)
        add(EventTypes.VTS_STATE, VtsStateChanged.class,
                "the VTube Studio plugin's connection changed state or reason (once per change, not per retry)");
        add(EventTypes.OBS_STATE, ObsStateChanged.class,
                "the OBS connection changed state or reason, e.g. a caption source OBS does not know (once per change)");
        // On air (issue 11)
        add(EventTypes.AVATAR_CHANGED, AvatarChanged.class,
                "a character's avatar was uploaded, removed or remapped; an overlay showing her reloads it");
    }

    private EventCatalog() {}

    private static void add(String type, Class<? extends EventPayload> data, String when) {
        ENTRIES.put(type, new Entry(type, data, when));
    }

    /** The entries in the order of {@link EventTypes#ALL}, then any others. */
    public static Map<String, Entry> entries() {
        Map<String, Entry> ordered = new LinkedHashMap<>();
        EventTypes.ALL.stream().filter(ENTRIES::containsKey).forEach(t -> ordered.put(t, ENTRIES.get(t)));
        ENTRIES.forEach(ordered::putIfAbsent);
        return ordered;
    }

    public static Optional<Entry> find(String type) {
        return Optional.ofNullable(ENTRIES.get(type));
    }
}
