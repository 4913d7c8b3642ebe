package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.net.EventStream;
import dev.vtubermiku.gui.net.LlmEndpoints;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.VoiceFrames;
import java.util.concurrent.Executor;

/**
 * Every tab's ViewModel and the one event stream that feeds them. Events are routed by type; on
 * each (re)connection the tabs reload what they show, so a window opened before the backend, or
 * kept open across a restart, catches up by itself.
 */
public final class CommandCenterModel implements EventStream.Listener, AutoCloseable {

    private final BackendClient client;
    private final EventStream stream;
    private final ConnectionViewModel connection;
    private final ChatViewModel chat;
    private final TrainingViewModel training;
    private final LogsViewModel logs;
    private final EventsViewModel events;
    private final StatusViewModel status;
    private final VoiceViewModel voice;
    private final LatencyViewModel latency;
    private final LlmEndpoints llmEndpoints;
    private final FirstRunViewModel firstRun;
    private final StreamViewModel audience;
    private final DesktopVoice desktop;
    private final OnAirViewModel onAir;

    public CommandCenterModel(BackendClient client, Executor ui, SoundSystem sound) {
        this(client, ui, sound, GuideMemory.inMemory());
    }

    /** @param guide remembers whether the first-run guide was seen (a file in the user's settings) */
    public CommandCenterModel(BackendClient client, Executor ui, SoundSystem sound, GuideMemory guide) {
        this.client = client;
        this.connection = new ConnectionViewModel(ui);
        this.chat = new ChatViewModel(client, ui, sound);
        this.training = new TrainingViewModel(client, ui, sound);
        this.logs = new LogsViewModel(client, ui, LogsViewModel.CAPACITY);
        this.events = new EventsViewModel(client, ui);
        this.status = new StatusViewModel(client, ui);
        this.voice = new VoiceViewModel(client, ui, sound, chat.devices(), chat.picker());
        this.latency = new LatencyViewModel(client, ui);
        this.llmEndpoints = new LlmEndpoints(client.json());
        this.firstRun = new FirstRunViewModel(client, ui, sound, llmEndpoints, guide, chat.devices().microphoneProperty()::set);
        this.audience = new StreamViewModel(new dev.vtubermiku.gui.net.AudienceApi(client), ui);
        AudioDevicesViewModel devices = chat.devices();
        this.desktop = new DesktopVoice(sound, devices.outputProperty()::get, devices.volumeProperty()::get,
                () -> !devices.outputs().isEmpty());
        devices.volumeProperty().addListener((o, a, b) -> desktop.volume(b.doubleValue()));
        this.onAir = new OnAirViewModel(client, ui);
        this.stream = new EventStream(client, this);
    }

    public void start() {
        stream.start();
        latency.start();
    }

    @Override
    public void onEvent(EventEnvelope event) {
        String type = event.type();
        events.onEvent(event);
        if (type.equals(EventTypes.LOG_ENTRY)) {
            logs.onEvent(event);
            return;
        }
        if (type.startsWith("audience.")) {
            audience.onEvent(event); // buffered: the Stream tab shows a raid in batches
            return;
        }
        if (type.startsWith("chat.") || type.equals(EventTypes.CHARACTER_SWITCHED) || type.equals(EventTypes.ERROR_OCCURRED)
                || type.equals(EventTypes.STT_TRANSCRIPT)) {
            chat.onEvent(event);
        }
        if (type.startsWith("training.") || type.equals(EventTypes.AUDIO_PROCESSED) || type.equals(EventTypes.MODEL_SAVED)) {
            training.onEvent(event);
        }
        if (type.equals(EventTypes.SPEECH_STARTED) || type.equals(EventTypes.SPEECH_FINISHED)) {
            latency.onEvent(event);
        }
        if (type.equals(EventTypes.STT_TRANSCRIPT) || type.equals(EventTypes.SPEECH_FINISHED)) {
            desktop.onEvent(event);
        }
        if (type.equals(EventTypes.SYSTEM_STATUS) || type.startsWith("model.")) {
            status.onEvent(event);
        }
        if (type.equals(EventTypes.AVATAR_CHANGED) || type.startsWith("vts.") || type.startsWith("obs.")) {
            onAir.onEvent(event);
        }
    }

    @Override
    public void onState(ConnectionState state, String detail) {
        connection.update(state, detail);
    }

    @Override
    public void onFrame(VoiceFrames.AudioFrame frame) {
        desktop.onFrame(frame);
    }

    @Override
    public void onConnected(boolean resumed) {
        desktop.connected(stream);
        logs.connected();
        chat.refresh();
        training.refresh();
        logs.refresh();
        events.refresh();
        status.refresh();
        audience.refresh();
        onAir.refresh();
        if (firstRun.openProperty().get()) {
            firstRun.reload();
        }
    }

    @Override
    public void onGap(long missed) {
        logs.gap(missed);
    }

    public EventStream stream() {
        return stream;
    }

    public BackendClient client() {
        return client;
    }

    public ConnectionViewModel connection() {
        return connection;
    }

    public ChatViewModel chat() {
        return chat;
    }

    public TrainingViewModel training() {
        return training;
    }

    public LogsViewModel logs() {
        return logs;
    }

    public EventsViewModel events() {
        return events;
    }

    public StatusViewModel status() {
        return status;
    }

    public VoiceViewModel voice() {
        return voice;
    }

    public LatencyViewModel latency() {
        return latency;
    }

    /** The Stream tab: her audience's chat, queue and controls. */
    public StreamViewModel audience() {
        return audience;
    }

    public FirstRunViewModel firstRun() {
        return firstRun;
    }

    public OnAirViewModel onAir() {
        return onAir;
    }

    @Override
    public void close() {
        stream.close();
        desktop.close();
        voice.close();
        latency.close();
        firstRun.mic().stop();
        llmEndpoints.close();
        chat.close();
        client.close();
    }
}
