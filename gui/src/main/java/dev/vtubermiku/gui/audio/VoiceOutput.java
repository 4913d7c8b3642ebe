package dev.vtubermiku.gui.audio;

import dev.vtubermiku.protocol.VoiceFrames;

/**
 * Where the character's streamed voice goes: 20 ms frames written as they arrive, played at once
 * (not collected into a file first), and dropped on barge-in.
 */
public interface VoiceOutput extends AutoCloseable {

    /** Queues one frame for playback; returns at once (the socket's thread must never wait on the sound card). */
    void write(VoiceFrames.AudioFrame frame);

    /** Stops what plays now and drops everything still queued (she was interrupted). */
    void drop();

    void volume(double volume);

    @Override
    void close();
}
