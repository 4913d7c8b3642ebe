package dev.vtubermiku.core.voice;

import dev.vtubermiku.protocol.VoiceFrames;
import java.util.UUID;

/** Port: where her audio goes (a voice client's WebSocket, the listeners on /ws, a file, a sound card). */
@FunctionalInterface
public interface TurnAudioSink {

    /** One frame, in order; called from one thread at a time. May block briefly (a socket write). */
    void audio(VoiceFrames.AudioFrame frame);

    /**
     * The turn was cut off (barge-in, a stop): no frame of it may follow, and what waits to be sent
     * may be dropped. Called before its {@code speech.finished} event is published, holding the turn's lock.
     */
    default void cut(UUID turn) {}
}
