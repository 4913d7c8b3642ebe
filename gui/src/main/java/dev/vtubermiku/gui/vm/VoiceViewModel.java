package dev.vtubermiku.gui.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.audio.VoiceOutput;
import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.VoiceSocket;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.ErrorOccurred;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.protocol.event.SpeechFinished;
import dev.vtubermiku.protocol.event.SttTranscript;
import dev.vtubermiku.protocol.VoiceFrames;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Hands-free talk in the Chat tab: a voice session on its own {@code /ws}, the microphone streamed
 * in 20 ms frames, her voice played frame by frame as it arrives. The conversation itself (what you
 * said, her streamed reply) comes through the Chat tab's events like any other turn.
 *
 * <p>Audio never touches the UI thread: microphone frames go from the audio thread to the socket,
 * her frames from the socket's thread to the player; only the state shown goes through {@code ui}.
 * Frames are played in {@code seq} order (a late or repeated one is dropped, never played out of
 * place), and the frames of a turn she was interrupted in are dropped, queued ones included.
 */
public final class VoiceViewModel implements AutoCloseable {

    /** Above this microphone level (RMS, 0..1) the streamer is taken to be speaking, for the indicator only. */
    static final double HEARING_LEVEL = 0.02;

    private final BackendClient client;
    private final Executor ui;
    private final SoundSystem sound;
    private final AudioDevicesViewModel devices;
    private final CharacterPickerViewModel characters;
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<VoiceState> state = new ReadOnlyObjectWrapper<>(VoiceState.OFF);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper heard = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper level = new ReadOnlyDoubleWrapper(0);
    /** Turns whose remaining audio is dropped (barge-in); read on the socket's thread. */
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastSeq = new AtomicLong(-1);
    private final AtomicLong played = new AtomicLong();
    private volatile @Nullable VoiceSocket socket;
    private volatile @Nullable VoiceOutput output;
    private volatile SoundSystem.@Nullable Recording microphone;
    private long session; // UI thread: which start() the callbacks belong to

    public VoiceViewModel(BackendClient client, Executor ui, SoundSystem sound, AudioDevicesViewModel devices,
            CharacterPickerViewModel characters) {
        this.client = client;
        this.ui = ui;
        this.sound = sound;
        this.devices = devices;
        this.characters = characters;
        devices.volumeProperty().addListener((o, a, b) -> {
            VoiceOutput out = output;
            if (out != null) {
                out.volume(b.doubleValue());
            }
        });
    }

    /** The Talk toggle; on the UI thread. */
    public void toggle() {
        if (active.get()) {
            stop();
        } else {
            start();
        }
    }

    /** Opens a voice session with the selected character; on the UI thread. */
    public void start() {
        if (active.get()) {
            return;
        }
        if (devices.inputs().isEmpty()) {
            detail.set("No microphone: hands-free talk needs one");
            return;
        }
        CharacterInfo who = characters.activeProperty().get();
        long mine = ++session;
        active.set(true);
        state.set(VoiceState.CONNECTING);
        heard.set("");
        detail.set(devices.outputs().isEmpty() ? "No audio output device: her replies are shown, not played" : "");
        dropped.clear();
        lastSeq.set(-1);
        Session callbacks = new Session(mine, !devices.outputs().isEmpty(), devices.outputProperty().get(),
                devices.microphoneProperty().get(), devices.volumeProperty().get());
        VoiceSocket.open(client, who == null ? null : who.id(), callbacks).whenCompleteAsync((s, error) -> {
            if (error != null) {
                if (mine == session) {
                    ended("Could not start talking: " + BackendException.describe(error));
                }
            } else if (mine != session) {
                s.close(); // stopped while connecting
            } else {
                socket = s;
            }
        }, ui);
    }

    /** Ends the session: her voice stops at once, the microphone closes; on the UI thread. */
    public void stop() {
        if (!active.get()) {
            return;
        }
        session++;
        release();
        active.set(false);
        state.set(VoiceState.OFF);
        level.set(0);
    }

    /** Closes what the session holds, off the UI thread (closing a sound line can take a while). */
    private void release() {
        VoiceSocket s = socket;
        VoiceOutput out = output;
        SoundSystem.Recording mic = microphone;
        socket = null;
        output = null;
        microphone = null;
        if (out != null) {
            out.drop();
        }
        CompletableFuture.runAsync(() -> {
            if (mic != null) {
                mic.stop();
            }
            if (s != null) {
                s.close();
            }
            if (out != null) {
                out.close();
            }
        });
    }

    private void ended(String why) {
        session++;
        release();
        active.set(false);
        state.set(VoiceState.OFF);
        level.set(0);
        detail.set(why);
    }

    /** The socket's callbacks for one session; stale ones (an earlier session) are ignored. */
    private final class Session implements VoiceSocket.Listener {
        private final long id;
        private final boolean hasOutput;
        private final @Nullable String outputDevice;
        private final @Nullable String microphoneDevice;
        private final double volume;

        /** The devices as chosen when Talk was pressed (read here, on the UI thread, not from the socket's). */
        Session(long id, boolean hasOutput, @Nullable String outputDevice, @Nullable String microphoneDevice, double volume) {
            this.id = id;
            this.hasOutput = hasOutput;
            this.outputDevice = outputDevice;
            this.microphoneDevice = microphoneDevice;
            this.volume = volume;
        }

        @Override
        public void onStarted(JsonNode voice) {
            // Opening the devices can take a moment: here, on the socket's thread, not the UI's.
            VoiceOutput out = null;
            if (hasOutput) {
                out = sound.voiceOutput(outputDevice, volume,
                        problem -> ui.execute(() -> detail.set(problem)));
            }
            SoundSystem.Recording mic;
            try {
                mic = sound.stream(microphoneDevice, this::level, (pcm, length) -> {
                    VoiceSocket s = socket;
                    if (s != null) {
                        s.sendPcm(pcm, length);
                    }
                });
            } catch (IllegalStateException e) {
                if (out != null) {
                    out.close();
                }
                ui.execute(() -> {
                    if (id == session) {
                        ended(e.getMessage());
                    }
                });
                return;
            }
            VoiceOutput opened = out;
            ui.execute(() -> {
                if (id != session) {
                    mic.stop();
                    if (opened != null) {
                        opened.close();
                    }
                    return;
                }
                output = opened;
                microphone = mic;
                state.set(VoiceState.LISTENING);
            });
        }

        private void level(double value) {
            ui.execute(() -> {
                if (id != session) {
                    return;
                }
                level.set(value);
                VoiceState now = state.get();
                if (value >= HEARING_LEVEL && (now == VoiceState.LISTENING || now == VoiceState.INTERRUPTED)) {
                    state.set(VoiceState.HEARING);
                }
            });
        }

        @Override
        public void onEvent(EventEnvelope event) {
            SpeechFinished finished = event.type().equals(EventTypes.SPEECH_FINISHED)
                    ? EventPayload.decode(event.data(), SpeechFinished.class) : null;
            boolean interrupted = finished != null && finished.interrupted();
            boolean turnEnd = finished != null && finished.turnEnd();
            if (finished != null && interrupted) {
                // Barge-in: here, before any later frame is handled, so nothing more of the turn plays.
                dropped.add(finished.turnId());
                VoiceOutput out = output;
                if (out != null) {
                    out.drop();
                }
            }
            ui.execute(() -> {
                if (id != session) {
                    return;
                }
                switch (event.type()) {
                    case EventTypes.STT_TRANSCRIPT -> {
                        String text = EventPayload.decode(event.data(), SttTranscript.class).text().strip();
                        heard.set(text);
                        state.set(text.isEmpty() ? VoiceState.LISTENING : VoiceState.THINKING);
                    }
                    case EventTypes.SPEECH_STARTED -> state.set(VoiceState.SPEAKING);
                    case EventTypes.SPEECH_FINISHED -> {
                        if (interrupted) {
                            state.set(VoiceState.INTERRUPTED);
                        } else if (turnEnd) {
                            state.set(VoiceState.LISTENING);
                        }
                    }
                    case EventTypes.ERROR_OCCURRED -> {
                        if (EventPayload.decode(event.data(), ErrorOccurred.class).turnId() != null) {
                            detail.set(event.message());
                            state.set(VoiceState.LISTENING);
                        }
                    }
                    default -> { }
                }
            });
        }

        @Override
        public void onFrame(VoiceFrames.AudioFrame frame) {
            long last = lastSeq.get();
            if (frame.seq() <= last) {
                return; // late or twice: what plays is in order
            }
            lastSeq.set(frame.seq());
            VoiceOutput out = output;
            if (out == null || dropped.contains(frame.turnId().toString()) || frame.samples().length == 0) {
                return;
            }
            out.write(frame);
            played.incrementAndGet();
        }

        @Override
        public void onProblem(String problem) {
            ui.execute(() -> {
                if (id == session) {
                    if (state.get() == VoiceState.CONNECTING) {
                        ended("Could not start talking: " + problem);
                    } else {
                        detail.set(problem);
                    }
                }
            });
        }

        @Override
        public void onClosed(String why) {
            ui.execute(() -> {
                if (id == session) {
                    ended("Voice session ended: " + why);
                }
            });
        }
    }

    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<VoiceState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Why talk is unavailable or what went wrong; empty when all is well. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** The last transcript of what you said. */
    public ReadOnlyStringProperty heardProperty() {
        return heard.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty levelProperty() {
        return level.getReadOnlyProperty();
    }

    /** Frames handed to the player so far (for the status line and tests). */
    public long framesPlayed() {
        return played.get();
    }

    @Override
    public void close() {
        session++;
        release();
    }
}
