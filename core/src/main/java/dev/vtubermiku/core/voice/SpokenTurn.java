package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaking half of anything she says, whatever started it (a voice turn, a typed chat, a
 * greeting, an answer to a viewer): streamed text cut into chunks by the {@link SentenceChunker},
 * Piper on one chunk at a time through the {@link SpeechQueue}, and a {@link TurnPlayer} that paces
 * the audio out once the first chunk exists, with {@code speech.*} events from {@link TurnEvents}.
 * What differs between speakers (where the audio goes, what ends the turn, the echo gate, latency)
 * are the hooks below. State is guarded by {@link #lock}.
 */
abstract class SpokenTurn {

    private static final Logger log = LoggerFactory.getLogger(SpokenTurn.class);
    /** Longest chunk handed to Piper when the model writes no punctuation. */
    static final int MAX_CHUNK_CHARS = 240;

    final String id;
    final UUID uuid;
    final Persona persona;
    final TurnEvents events;
    final ReentrantLock lock;
    final Condition changed;
    final SpeechQueue speech = new SpeechQueue();
    final HeardSpeech heard = new HeardSpeech();
    final Executor work;
    final VoiceClock clock;
    private final TextToSpeech tts;
    private final SentenceChunker chunker;
    private @Nullable String voice;
    long firstChunk = -1;
    long ttsFirstChunk = -1;
    /** Written by the player alone. */
    volatile long firstAudio = -1;
    /** All of the text is in: no more chunks will come. */
    boolean llmDone;
    boolean stopped;
    boolean playerStarted;
    private boolean ttsFailed;

    SpokenTurn(String id, Persona persona, TurnEvents events, ReentrantLock lock, Condition changed, TextToSpeech tts,
            Executor work, VoiceClock clock, int firstChunkChars) {
        this.id = id;
        this.uuid = UUID.fromString(id);
        this.persona = persona;
        this.events = events;
        this.lock = lock;
        this.changed = changed;
        this.tts = tts;
        this.work = work;
        this.clock = clock;
        this.voice = persona.voice();
        this.chunker = new SentenceChunker(firstChunkChars, MAX_CHUNK_CHARS);
    }

    // What the player asks of the speaker; each holds the lock unless it says otherwise.

    /** Where the audio goes. Called without the lock (a socket write may block). */
    abstract TurnAudioSink output();

    /** The next audio frame's sequence number. */
    abstract long nextSeq();

    /** How far ahead of playback frames are sent. */
    abstract long leadNanos();

    /** The rate stamped on the turn-end frame. */
    abstract int endRate();

    /** All of it was said: the last event, and whatever ends the turn. */
    abstract void allSaid();

    /** The audio output failed while it played. */
    abstract void outputFailed(RuntimeException e);

    /** Nothing will be said (nothing speakable, or every chunk failed): the turn is over. */
    abstract void endLocked();

    /** A chunk starts to play. */
    void playing() {}

    /** A frame of {@code level} loudness will be audible at {@code playsAt} for {@code frameNanos}. */
    void audible(long playsAt, long frameNanos, float level) {}

    /** The first frame went out (without the lock). */
    void firstAudioSent() {}

    /** What the first chunk's {@code speech.started} says about latency; null: nothing. */
    @Nullable Map<String, @Nullable Double> firstLatency() {
        return null;
    }

    /** A chunk's audio was made (before it is queued for the player). */
    void made(int index, SpokenAudio audio) {}

    /** A synthesis finished (made or failed); the queue may now be done. */
    void synthesisSettled() {}

    /** Text-to-speech failed on a chunk: by default one {@code error.occurred} per turn. */
    void ttsFailed(@Nullable Throwable cause) {
        if (!ttsFailed) {
            ttsFailed = true; // one event per turn, not one per sentence
            String detail = String.valueOf(cause == null ? "no audio" : cause.getMessage());
            events.failed("tts", detail, persona.name() + " cannot speak: " + detail);
        }
    }

    /** The voice she speaks with was not installed: from now on the default voice. */
    void voiceMissing(UnknownVoiceException e) {
        log.warn("{}'s voice {} is not installed; speaking with the default voice", persona.name(), e.voice());
    }

    /** Starts the player (a subclass may make it wait its turn). */
    void startPlayer() {
        work.execute(new TurnPlayer(this));
    }

    // Text in: each holds the lock.

    /** More of the text, as it streams. */
    void feed(String text) {
        chunker.feed(text).forEach(this::queue);
    }

    /** The text is complete: what is left of it is queued. */
    void flush() {
        chunker.finish().forEach(this::queue);
    }

    private void queue(String text) {
        if (firstChunk < 0) {
            firstChunk = clock.nanos();
        }
        speech.add(text);
        synthesizeNext();
    }

    /** One chunk at a time in Piper, so a stop leaves nothing queued there. */
    void synthesizeNext() {
        if (stopped) {
            return;
        }
        SpeechQueue.Text next = speech.nextToSynthesize();
        if (next == null) {
            return;
        }
        long submitted = clock.nanos();
        tts.synthesize(next.text(), voice).whenComplete((spoken, error) -> synthesized(next, submitted, spoken, error));
    }

    private void synthesized(SpeechQueue.Text chunk, long submitted, @Nullable SpokenAudio spoken, @Nullable Throwable error) {
        lock.lock();
        try {
            if (stopped) {
                speech.synthesized(chunk, null);
                synthesisSettled();
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof UnknownVoiceException missing && voice != null) {
                voiceMissing(missing);
                voice = null;
                speech.retry(chunk);
            } else if (cause != null || spoken == null) {
                speech.synthesized(chunk, null);
                ttsFailed(cause);
            } else {
                if (chunk.index() == 0) {
                    ttsFirstChunk = clock.nanos() - submitted;
                }
                made(chunk.index(), spoken);
                speech.synthesized(chunk, spoken);
                if (!playerStarted) {
                    playerStarted = true;
                    startPlayer();
                }
            }
            synthesizeNext();
            changed.signalAll();
            synthesisSettled();
            if (llmDone && !playerStarted && speech.synthesisDone()) {
                endLocked();
            }
        } finally {
            lock.unlock();
        }
    }
}
