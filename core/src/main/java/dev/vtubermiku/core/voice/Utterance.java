package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Something she says outside a voice session (a typed chat with {@code speak}, her greeting, an
 * answer to a viewer), spoken as a voice turn's reply is ({@link SpokenTurn}): {@link #say} hands it
 * text as the reply streams, its first chunk is synthesised and played (frames to the
 * {@link Speaker}'s listeners, {@code speech.*} events) while the rest is still being written, and
 * {@link #end} completes once every chunk has been synthesised, with their audio (for a file).
 * Utterances play one after another: one waits until the one before has played out or stopped.
 */
public final class Utterance extends SpokenTurn {

    /**
     * What was made of it.
     *
     * @param audio each chunk that could be spoken, in order
     * @param error why some or all of it could not be spoken, in words for the user; null when all was
     */
    public record Made(List<SpokenAudio> audio, @Nullable String error) {
        public Made {
            audio = List.copyOf(audio);
        }
    }

    private final Speaker speaker;
    private final CompletableFuture<?> before;
    private final long leadNanos;
    private final CompletableFuture<Made> made = new CompletableFuture<>();
    private final CompletableFuture<Void> over = new CompletableFuture<>();
    private final TreeMap<Integer, SpokenAudio> audio = new TreeMap<>();
    private @Nullable String failure;
    private @Nullable String missingVoice;

    Utterance(Speaker speaker, Persona persona, String id, String origin, CompletableFuture<?> before, VoiceSettings settings) {
        this(speaker, persona, id, origin, before, settings, new ReentrantLock());
    }

    private Utterance(Speaker speaker, Persona persona, String id, String origin, CompletableFuture<?> before,
            VoiceSettings settings, ReentrantLock lock) {
        super(id, persona, new TurnEvents(speaker.bus, persona, id, origin), lock, lock.newCondition(), speaker.tts,
                speaker.work, speaker.clock, settings.firstChunkChars());
        this.speaker = speaker;
        this.before = before;
        this.leadNanos = settings.leadMs() * 1_000_000L;
    }

    /** The turn id its events and audio frames carry. */
    public String id() {
        return id;
    }

    /** More of what she says, as it streams (quick: the text is cut and queued, nothing waits). */
    public void say(String text) {
        lock.lock();
        try {
            if (!stopped && !llmDone) {
                feed(text);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Her emotion (lower-case), for the events from now on. */
    public void emotion(@Nullable String wire) {
        events.emotion(wire);
    }

    /** The text is complete; completes once all of it is synthesised (it may still be playing). */
    public CompletableFuture<Made> end() {
        lock.lock();
        try {
            if (!llmDone) {
                llmDone = true;
                if (!stopped) {
                    flush();
                }
                changed.signalAll();
                synthesisSettled();
                if (!playerStarted && speech.synthesisDone()) {
                    endLocked(); // nothing to say
                }
            }
        } finally {
            lock.unlock();
        }
        return made;
    }

    /**
     * Stops her: nothing more is synthesised or sent; when she had been heard, {@code speech.finished}
     * says {@code interrupted: true} with what had been heard.
     */
    public void stop(String why) {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            changed.signalAll();
            if (firstAudio >= 0) {
                long now = clock.nanos();
                speaker.listeners.cut(uuid); // before the event: a listener gets no frame of this turn after it
                events.interrupted(heard.text(now), heard.nanos(now) / 1_000_000, why, null);
            }
            synthesisSettled();
            endLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Completes when she has said all of it, or was stopped: the next utterance may play. */
    public CompletableFuture<Void> over() {
        return over;
    }

    // The player's hooks (SpokenTurn); each holds the lock unless it says otherwise.

    @Override
    TurnAudioSink output() {
        return speaker.listeners;
    }

    @Override
    long nextSeq() {
        return speaker.nextSeq();
    }

    @Override
    long leadNanos() {
        return leadNanos;
    }

    @Override
    int endRate() {
        return audio.isEmpty() ? Speaker.DEFAULT_RATE : audio.firstEntry().getValue().sampleRate();
    }

    @Override
    void startPlayer() {
        before.whenComplete((done, error) -> work.execute(new TurnPlayer(this)));
    }

    @Override
    void allSaid() {
        events.turnFinished(heard.all(), null);
        endLocked();
    }

    @Override
    void outputFailed(RuntimeException e) {
        stop("the audio output failed: " + e.getMessage());
    }

    @Override
    void endLocked() {
        over.complete(null);
    }

    @Override
    void made(int index, SpokenAudio spoken) {
        audio.put(index, spoken);
    }

    @Override
    void synthesisSettled() {
        if (stopped || llmDone && speech.synthesisDone()) {
            made.complete(new Made(List.copyOf(audio.values()), failure));
        }
    }

    @Override
    void voiceMissing(UnknownVoiceException e) {
        super.voiceMissing(e);
        missingVoice = e.getMessage();
    }

    /** No {@code error.occurred}: the speaker's caller says why (a chat reply's {@code audio_error}). */
    @Override
    void ttsFailed(@Nullable Throwable cause) {
        if (failure != null) {
            return;
        }
        failure = switch (cause) {
            case SpeechUnavailableException e when missingVoice != null -> missingVoice + "; " + e.fix();
            case SpeechUnavailableException e -> e.getMessage() + ": " + e.fix();
            case IllegalArgumentException e -> e.getMessage();
            case null -> "speech synthesis made no audio";
            default -> "speech synthesis failed: " + cause.getMessage();
        };
    }

    @Override
    @Nullable Map<String, @Nullable Double> firstLatency() {
        return null;
    }
}
