package dev.vtubermiku.core.voice;

import dev.vtubermiku.protocol.VoiceFrames;

/** Port: where a voice session's audio goes (the client's WebSocket, a file, a sound card). */
@FunctionalInterface
public interface TurnAudioSink {

    /** One frame, in order; called from one thread at a time. May block briefly (a socket write). */
    void audio(VoiceFrames.AudioFrame frame);
}
