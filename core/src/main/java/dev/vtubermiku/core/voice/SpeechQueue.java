package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.SpokenAudio;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The chunks of one reply on their way to being heard: text waiting for text-to-speech, at most one
 * chunk in the engine at a time (so a barge-in leaves nothing queued there to wait for), and audio
 * waiting for the player. Not thread-safe: guarded by the session lock.
 */
final class SpeechQueue {

    /** A chunk of reply text, numbered in reply order. */
    record Text(int index, String text) {}

    private final ArrayDeque<Text> pending = new ArrayDeque<>();
    private final ArrayDeque<SpokenChunk> ready = new ArrayDeque<>();
    private int chunks;
    private boolean synthesizing;

    /** The next chunk of the reply is written. */
    void add(String text) {
        pending.addLast(new Text(chunks++, text));
    }

    /** The chunk to hand to text-to-speech now, or null while one is in the engine or none waits. */
    @Nullable Text nextToSynthesize() {
        if (synthesizing || pending.isEmpty()) {
            return null;
        }
        synthesizing = true;
        return pending.removeFirst();
    }

    /** Text-to-speech is done with its chunk: {@code audio} null when it failed. */
    void synthesized(Text chunk, @Nullable SpokenAudio audio) {
        synthesizing = false;
        if (audio != null) {
            ready.addLast(new SpokenChunk(chunk.index(), chunk.text(), audio));
        }
    }

    /** The chunk goes back to the front, to be tried again (with another voice). */
    void retry(Text chunk) {
        synthesizing = false;
        pending.addFirst(chunk);
    }

    /** The next chunk to play, or null when none is ready. */
    @Nullable SpokenChunk nextToPlay() {
        return ready.pollFirst();
    }

    boolean anyReady() {
        return !ready.isEmpty();
    }

    /** Nothing is waiting for, or in, text-to-speech. */
    boolean synthesisDone() {
        return !synthesizing && pending.isEmpty();
    }

    /** How many chunks the reply has had so far. */
    int chunks() {
        return chunks;
    }
}
