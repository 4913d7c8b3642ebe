package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatReply;
import dev.vtubermiku.core.chat.ChatRequest;
import dev.vtubermiku.core.chat.Emotion;
import dev.vtubermiku.core.chat.ReplyTokens;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.Transcript;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn, from the end of the streamer's speech to the end of her reply: Whisper on the turn's
 * audio, the chat on its words, and the streamed reply spoken as every utterance of hers is
 * ({@link SpokenTurn}: chunks, Piper one at a time, a {@link TurnPlayer} once the first audio exists),
 * to the session's client, with the echo gate told what will be audible. Its state is guarded by the session lock; the
 * work runs on the loop's executor, the model's thread (tokens) and Piper's (audio).
 */
final class VoiceTurn extends SpokenTurn implements ReplyTokens {

    private static final Logger log = LoggerFactory.getLogger(VoiceTurn.class);

    final float[] audio;
    final VoiceSession session;
    final VoiceLoop loop;
    private final long sttWait;
    private final long sttAsked;
    private long speechEnd = -1;
    private long hangover = -1;
    private boolean confirmed;
    private @Nullable Transcript transcript;
    private volatile @Nullable CompletableFuture<ChatEngine.Context> context;
    private boolean whisperPending = true; // until Whisper has answered (or failed)
    private ChatEngine.@Nullable ChatTurn chat;
    private @Nullable String userText;
    private long sttNanos = -1;
    private long transcriptAt = -1;
    private long chatStart = -1;
    private long firstToken = -1;
    private @Nullable String heardWhenStopped; // set by an interruption: what history keeps
    private long storedId = -1;

    /**
     * A turn whose Whisper starts now (call {@link #transcribe} on the executor), after {@code sttWait}
     * of silence; it is {@linkplain #confirm confirmed} at once when the turn has ended, or later when
     * this was a pause that may turn out to be the end. Until then nothing of it is published, stored
     * or spoken. Holds the session lock.
     */
    VoiceTurn(VoiceSession session, float[] audio, long sttWait) {
        this(session, session.persona(), UUID.randomUUID().toString(), audio, sttWait);
    }

    private VoiceTurn(VoiceSession session, Persona persona, String id, float[] audio, long sttWait) {
        super(id, persona, new TurnEvents(session.loop.bus, persona, id, TurnEvents.VOICE), session.lock, session.changed,
                session.loop.tts, session.loop.work, session.loop.clock, session.settings().firstChunkChars());
        this.session = session;
        this.loop = session.loop;
        this.audio = audio;
        this.sttWait = sttWait;
        this.sttAsked = loop.nanos();
    }

    /** Whether this turn may still go on: the session's current turn, or its guess at one, not stopped. */
    boolean live() {
        return (session.isCurrent(this) || session.isGuess(this)) && !stopped;
    }

    /**
     * Holds the lock. The silence lasted: this is the streamer's turn, whose speech ended at
     * {@code speechEnd} and was followed by {@code hangover} of silence. Its reply starts once its
     * transcript exists (now, if Whisper has finished during the silence).
     */
    void confirm(long speechEnd, long hangover) {
        // A guess measured the silence when Whisper was asked: its speech end is the one Whisper's
        // wait counts from (on a busy machine the frame that confirms may be handled late).
        this.speechEnd = Math.min(speechEnd, sttAsked - sttWait);
        this.hangover = hangover;
        confirmed = true;
        if (transcript != null) {
            loop.work.execute(this::reply);
        }
    }

    /** On the executor: Whisper, then (once the turn is confirmed) the chat. */
    void transcribe() {
        // The prompt's character and history do not depend on the words: fetched while Whisper works.
        context = CompletableFuture.supplyAsync(() -> loop.chat.prepare(persona.id()), loop.work);
        Transcript heard;
        try {
            heard = loop.stt.transcribeLive(new MonoAudio(audio, VoiceSession.RATE), null);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                whisperPending = false;
                if (!live()) {
                    return;
                }
                if (!confirmed) {
                    session.dropGuess(this); // the end of the turn, if it comes, asks Whisper again
                    return;
                }
            } finally {
                lock.unlock();
            }
            log.warn("Voice turn {}: transcription failed", id, e);
            events.failed("stt", e.getMessage(), "Could not transcribe what you said: " + e.getMessage());
            end();
            return;
        }
        long done = loop.nanos();
        lock.lock();
        try {
            whisperPending = false;
            if (!live()) {
                return; // the streamer went on talking: this turn continues as a longer one
            }
            sttNanos = done - sttAsked;
            transcriptAt = done;
            transcript = heard;
            if (!confirmed) {
                return; // a pause that may be the end: confirm() goes on from here
            }
        } finally {
            lock.unlock();
        }
        reply();
    }

    /** Holds the lock. Whether Whisper has yet to answer (a dropped guess's transcription still takes cores). */
    boolean whisperPending() {
        return whisperPending;
    }

    /** On the executor, once confirmed and transcribed: publishes the transcript and starts the chat. */
    private void reply() {
        String text;
        lock.lock();
        try {
            Transcript heard = transcript;
            if (!live() || heard == null) {
                return;
            }
            text = heard.text().strip();
            events.transcript(text, heard, sttNanos);
            if (text.isEmpty()) {
                endLocked();
                return;
            }
            userText = text;
            session.replying(this);
            chatStart = loop.nanos();
        } finally {
            lock.unlock();
        }
        CompletableFuture<ChatEngine.Context> prepared = context;
        ChatEngine.ChatTurn started;
        try {
            started = loop.chat.start(new ChatRequest(text, persona.id(), false, "voice"), id, this,
                    prepared == null ? null : prepared.exceptionally(e -> null).join());
        } catch (UnknownCharacterException e) {
            events.failed("voice", e.getMessage(), String.valueOf(e.getMessage()));
            end();
            return;
        }
        boolean dropped;
        lock.lock();
        try {
            chat = started;
            dropped = !session.isCurrent(this);
        } finally {
            lock.unlock();
        }
        if (dropped) {
            started.cancel("the streamer went on talking");
        }
        started.result().whenComplete(this::replied);
    }

    /** On the model's thread: the reply's emotion, for the speech events. */
    @Override
    public void emotion(Emotion emotion) {
        events.emotion(emotion.wire());
    }

    /** On the model's thread: the next visible text of the reply. */
    @Override
    public void token(String text) {
        lock.lock();
        try {
            if (!live()) {
                return;
            }
            if (firstToken < 0) {
                firstToken = loop.nanos();
            }
            feed(text);
        } finally {
            lock.unlock();
        }
    }

    private void replied(@Nullable ChatReply reply, @Nullable Throwable error) {
        String heardNow;
        lock.lock();
        try {
            if (reply != null) {
                storedId = reply.chatLogId();
                if (live()) {
                    flush();
                }
            }
            llmDone = true;
            heardNow = heardWhenStopped;
            changed.signalAll();
            if (live() && !playerStarted && speech.synthesisDone() && !speech.anyReady()) {
                endLocked(); // nothing to say (the model failed, or wrote nothing speakable)
            }
        } finally {
            lock.unlock();
        }
        String user = userText;
        if (heardNow != null && user != null) {
            loop.repair.heard(id, persona.id(), user, reply, heardNow);
        }
    }

    TurnTimeline latency() {
        return new TurnTimeline(speechEnd, hangover, sttWait, sttNanos, transcriptAt, chatStart, firstToken, firstChunk,
                ttsFirstChunk, firstAudio);
    }

    /**
     * Holds the lock. Stops her at {@code now}: the player sends no more, Piper gets nothing more,
     * the reply stops streaming, and the history keeps what was heard, marked interrupted.
     */
    void interrupt(long now, String why) {
        if (stopped) {
            return;
        }
        stopped = true;
        changed.signalAll();
        String heardNow = heard.text(now);
        heardWhenStopped = heardNow;
        session.output.cut(uuid); // before the event: a listener gets no frame of this turn after it
        events.interrupted(heardNow, heard.nanos(now) / 1_000_000, why, latency().stages());
        ChatEngine.ChatTurn c = chat;
        if (llmDone) {
            if (storedId >= 0) {
                loop.repair.heard(id, storedId, heardNow);
            }
        } else if (c != null) {
            cancel(c, why); // its completion (replied) stores what was heard
        }
    }

    /** Holds the lock. Drops the reply unheard (nothing stored): the streamer was still talking. */
    void abandon() {
        stopped = true;
        changed.signalAll();
        ChatEngine.ChatTurn c = chat;
        if (c != null) {
            cancel(c, "the streamer went on talking");
        }
    }

    /**
     * Not under the session lock: the chat turn calls {@link #token} holding its own lock, so
     * cancelling it while holding ours would take the two locks in the opposite order.
     */
    private void cancel(ChatEngine.ChatTurn c, String why) {
        loop.work.execute(() -> c.cancel(why));
    }

    private void end() {
        lock.lock();
        try {
            endLocked();
        } finally {
            lock.unlock();
        }
    }

    // The player's hooks (SpokenTurn); each holds the lock unless it says otherwise.

    @Override
    TurnAudioSink output() {
        return session.output;
    }

    @Override
    long nextSeq() {
        return session.nextSeq();
    }

    @Override
    long leadNanos() {
        return session.settings().leadMs() * 1_000_000L;
    }

    @Override
    int endRate() {
        return VoiceSession.RATE;
    }

    @Override
    void playing() {
        session.speaking(this);
    }

    @Override
    void audible(long playsAt, long frameNanos, float level) {
        session.echo.playing(playsAt, frameNanos, level);
    }

    @Override
    void firstAudioSent() {
        loop.latency().add(latency());
    }

    @Override
    Map<String, @Nullable Double> firstLatency() {
        return latency().stages();
    }

    @Override
    void allSaid() {
        events.turnFinished(heard.all(), latency().stages());
        endLocked();
    }

    @Override
    void outputFailed(RuntimeException e) {
        if (session.isCurrent(this)) {
            interrupt(clock.nanos(), "the audio output failed: " + e.getMessage());
            endLocked();
        }
    }

    /** Holds the lock: back to listening, unless the session has moved on already. */
    @Override
    void endLocked() {
        session.ended(this);
    }
}
