package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.audio.VoiceOutput;
import dev.vtubermiku.gui.net.EventStream;
import dev.vtubermiku.protocol.ClientMessage;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.VoiceFrames;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.protocol.event.SpeechFinished;
import dev.vtubermiku.protocol.event.SttTranscript;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The command center as a {@code desktop} listener: on the event stream's connection it asks to hear
 * her ({@code listen}), and plays every utterance's frames as they arrive, on the chosen output
 * through the same streaming player as the voice session, so a typed chat is heard as it is
 * written. Whether a desktop hears her at all is the backend's {@code VOICE_PLAYBACK}. Turns of a
 * voice session (announced by {@code stt.transcript}) are left to that session's own player, so
 * nothing is heard twice; a turn cut off ({@code speech.finished} with {@code interrupted}) is dropped.
 *
 * <p>Frames and events arrive on the socket's thread, in order; the output is opened on the first
 * frame to play (no device, no player).
 */
public final class DesktopVoice implements AutoCloseable {

    private static final int REMEMBERED_TURNS = 64;

    private final SoundSystem sound;
    private final Supplier<@Nullable String> device;
    private final DoubleSupplier volume;
    private final Supplier<Boolean> hasOutput;
    private final Set<String> voiceTurns = remembered();
    private final Set<String> cutTurns = remembered();
    private volatile @Nullable VoiceOutput output; // opened on the socket thread
    private @Nullable String outputDevice;
    private @Nullable String playing;
    private volatile @Nullable String failure;

    /**
     * @param device the chosen output device (null: the default); read on the socket's thread
     * @param hasOutput whether there is any output device at all
     */
    public DesktopVoice(SoundSystem sound, Supplier<@Nullable String> device, DoubleSupplier volume, Supplier<Boolean> hasOutput) {
        this.sound = sound;
        this.device = device;
        this.volume = volume;
        this.hasOutput = hasOutput;
    }

    private static Set<String> remembered() {
        return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED_TURNS;
            }
        }));
    }

    /** The event stream (re)connected: ask to hear her there. */
    public void connected(EventStream stream) {
        stream.send(new ClientMessage.Listen("desktop"));
    }

    public void onEvent(EventEnvelope event) {
        switch (event.type()) {
            case EventTypes.STT_TRANSCRIPT -> voiceTurns.add(EventPayload.decode(event.data(), SttTranscript.class).turnId());
            case EventTypes.SPEECH_FINISHED -> {
                SpeechFinished finished = EventPayload.decode(event.data(), SpeechFinished.class);
                if (finished.interrupted()) {
                    cutTurns.add(finished.turnId());
                    VoiceOutput out = output;
                    if (out != null && finished.turnId().equals(playing)) {
                        out.drop(); // she was cut off: what is still queued is not said
                    }
                }
            }
            default -> { }
        }
    }

    public void onFrame(VoiceFrames.AudioFrame frame) {
        String turn = frame.turnId().toString();
        if (voiceTurns.contains(turn) || cutTurns.contains(turn) || frame.samples().length == 0) {
            return;
        }
        VoiceOutput out = output();
        if (out != null) {
            playing = turn;
            out.write(frame);
        }
    }

    /** Her voice at this volume from now on. */
    public void volume(double volume) {
        VoiceOutput out = output;
        if (out != null) {
            out.volume(volume);
        }
    }

    /** Why the output could not play, if it failed; null otherwise. */
    public @Nullable String failure() {
        return failure;
    }

    /** The player for the chosen device, opened (or reopened for another device) when needed. */
    private @Nullable VoiceOutput output() {
        if (!hasOutput.get()) {
            return null;
        }
        String wanted = device.get();
        VoiceOutput out = output;
        if (out != null && Objects.equals(wanted, outputDevice)) {
            return out;
        }
        if (out != null) {
            out.close();
        }
        failure = null;
        out = sound.voiceOutput(wanted, volume.getAsDouble(), why -> failure = why);
        output = out;
        outputDevice = wanted;
        return out;
    }

    @Override
    public void close() {
        VoiceOutput out = output;
        output = null;
        if (out != null) {
            out.close();
        }
    }
}
