package dev.vtubermiku.core.voice;

/** Where a voice session is in the conversation. */
public sealed interface TurnState {

    /** Waiting for the streamer (who may be talking: the turn is open until the silence ends it). */
    record Listening() implements TurnState {}

    /** The turn ended; Whisper is on it. Speech now means the streamer was not done: the turn goes on. */
    record Transcribing(String turnId) implements TurnState {}

    /** The reply streams and is being spoken; nothing is audible yet. */
    record Replying(String turnId) implements TurnState {}

    /** Her voice is playing: input can only interrupt her (barge-in), never start a turn. */
    record Speaking(String turnId) implements TurnState {}

    /** The session ended. */
    record Closed() implements TurnState {}
}
