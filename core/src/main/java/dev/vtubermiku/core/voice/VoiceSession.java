package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.speech.FrameAssembler;
import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.core.speech.VoiceActivityDetector.SpeechScorer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamer talking with one character. Microphone samples go in through {@link #accept}; each
 * stage starts as soon as its first input exists: the end of the turn (silence) starts Whisper, the
 * transcript starts the reply, its first chunk (a clause or sentence) starts Piper, Piper's first
 * audio starts the player, which sends 20 ms frames in real time, {@code leadMs} ahead of playback,
 * while the rest of the reply is still being written and spoken. Piper gets one chunk at a time
 * (it is still faster than playback), so a barge-in has nothing queued in the engine to wait for.
 * A turn's work is {@link VoiceTurn}'s, its playback {@link TurnPlayer}'s, its events {@link TurnEvents}'.
 *
 * <p>Speculation: at a pause of {@link VoiceSettings#speculateMs} Whisper starts on the turn so far
 * (a guess, not yet the current turn) while the rest of the end-of-turn silence is waited for. If
 * the streamer speaks again the guess is dropped unheard: nothing of it was published, stored or
 * spoken, and the turn goes on. If the silence lasts and the turn's audio is the guess's, the guess
 * becomes the turn and its transcript is used; its reply starts only then. A guess dropped while
 * Whisper runs still holds the cores until Whisper answers, so no new guess starts before that.
 *
 * <p>Events of a turn, all with its {@code turn_id}: {@code stt.transcript}, then the chat's
 * {@code chat.message}, {@code chat.token}…, {@code chat.response}; per chunk {@code speech.started}
 * (text, 20 ms loudness envelope; the first also carries the latency) and {@code speech.finished};
 * finally {@code speech.finished} with {@code turn_end: true} (and {@code interrupted: true} after a barge-in).
 *
 * <p>Threads: {@link #accept} from one input thread at a time; the reply arrives on the model's
 * thread, audio on Piper's, the player runs on the loop's executor. State is guarded by one lock.
 */
public final class VoiceSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VoiceSession.class);
    static final int RATE = 16_000;
    /** Input kept for the start of a turn that interrupts her (its first words were spoken over her). */
    private static final int RECENT_MS = 600;

    final VoiceLoop loop;
    final TurnAudioSink output;
    private final Persona persona;
    private final VoiceSettings settings;
    private final ReentrantLock input = new ReentrantLock(); // the scorer and the framing
    private final SpeechScorer scorer;
    private final FrameAssembler frames;
    private final long frameInputNanos;
    private final ArrayDeque<float[]> recentFrames = new ArrayDeque<>();
    private final ArrayDeque<Float> recentScores = new ArrayDeque<>();
    private boolean wasGated;

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final EchoGate echo;
    private final TurnSegmenter segmenter;
    private final AtomicLong seq = new AtomicLong();
    private TurnState state = new TurnState.Listening();
    private @Nullable VoiceTurn current;
    private @Nullable VoiceTurn guess; // Whisper started on a pause; not the current turn until the silence lasts
    private @Nullable VoiceTurn lastGuess; // the latest guess, dropped or not: one at a time in Whisper

    VoiceSession(VoiceLoop loop, Persona persona, VoiceSettings settings, SpeechScorer scorer, TurnAudioSink output) {
        this.loop = loop;
        this.persona = persona;
        this.settings = settings;
        this.scorer = scorer;
        this.output = output;
        this.frames = new FrameAssembler(scorer.frameSamples());
        this.frameInputNanos = scorer.frameSamples() * 1_000_000_000L / RATE;
        this.segmenter = new TurnSegmenter(settings.vad(), RATE, settings.endSilenceMs(), settings.maxTurnMs(), 200,
                settings.speculateMs());
        this.echo = new EchoGate(settings);
    }

    public Persona persona() {
        return persona;
    }

    public VoiceSettings settings() {
        return settings;
    }

    public TurnState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Microphone samples at 16 kHz, as they arrive (any length). */
    public void accept(float[] samples) {
        input.lock();
        try {
            if (state() instanceof TurnState.Closed) {
                return;
            }
            frames.push(samples, frame -> onFrame(frame.clone()));
        } finally {
            input.unlock();
        }
    }

    /** Holds the input lock. */
    private void onFrame(float[] f) {
        float p = scorer.score(f);
        long now = loop.nanos();
        recentFrames.addLast(f);
        recentScores.addLast(p);
        while (recentFrames.size() * frameInputNanos > RECENT_MS * 1_000_000L) {
            recentFrames.removeFirst();
            recentScores.removeFirst();
        }
        lock.lock();
        try {
            if (echo.gated(now)) {
                wasGated = true;
                if (settings.bargeIn() && state instanceof TurnState.Speaking
                        && echo.bargeIn(now, frameInputNanos, p, (float) LoudnessEnvelope.rms(f, 0, f.length))) {
                    bargeIn(now);
                }
                return;
            }
            if (wasGated) {
                wasGated = false; // what the segmenter held from before her voice is stale
                segmenter.reset();
                dropGuess();
                echo.reset();
            }
            handle(segmenter.push(f, p), now);
        } finally {
            lock.unlock();
        }
    }

    /** Holds the lock. */
    private void handle(TurnSegmenter.@Nullable Signal signal, long now) {
        switch (signal) {
            case null -> {}
            case TurnSegmenter.Signal.SpeechStarted s -> {
                VoiceTurn turn = current;
                if (turn != null && (state instanceof TurnState.Transcribing || state instanceof TurnState.Replying)) {
                    // The silence was a pause, not the end: the reply is dropped unheard, the turn goes on.
                    log.debug("Turn {} continues: the streamer spoke again before the reply was heard", turn.id);
                    turn.abandon();
                    segmenter.prepend(turn.audio);
                    current = null;
                    state = new TurnState.Listening();
                }
            }
            case TurnSegmenter.Signal.Paused paused -> {
                // Whisper cannot be stopped once it runs: while a dropped guess still holds the cores,
                // this pause is not guessed at (the end of the turn, if it is one, starts Whisper).
                if (current == null && (lastGuess == null || !lastGuess.whisperPending())) {
                    dropGuess();
                    guess = new VoiceTurn(this, paused.audio(), paused.silenceSamples() * 1_000_000_000L / RATE);
                    lastGuess = guess;
                    loop.work.execute(guess::transcribe);
                }
            }
            case TurnSegmenter.Signal.Resumed r -> dropGuess();
            case TurnSegmenter.Signal.TurnEnded ended -> {
                VoiceTurn guessed = guess;
                guess = null;
                if (current != null) {
                    if (guessed != null) {
                        guessed.abandon();
                    }
                    return; // cannot happen: speech that long first abandoned the reply
                }
                long hangover = ended.hangoverSamples() * 1_000_000_000L / RATE;
                VoiceTurn turn = guessed;
                if (turn != null && !Arrays.equals(turn.audio, ended.audio())) {
                    turn.abandon(); // a turn cut at its longest: not the audio Whisper was given
                    turn = null;
                }
                if (turn == null) {
                    turn = new VoiceTurn(this, ended.audio(), hangover);
                    loop.work.execute(turn::transcribe);
                }
                current = turn;
                state = new TurnState.Transcribing(turn.id);
                turn.confirm(now - hangover, hangover);
            }
        }
    }

    /** Holds the lock. Forgets the guess (its Whisper result, if it still comes, is discarded). */
    private void dropGuess() {
        VoiceTurn g = guess;
        if (g != null) {
            log.debug("Voice turn {}: the pause was not the end; the guess is dropped", g.id);
            guess = null;
            g.abandon();
        }
    }

    /** Holds the lock. She stops within a frame; history keeps what was heard. */
    private void bargeIn(long now) {
        VoiceTurn turn = current;
        if (turn == null) {
            return;
        }
        log.info("Barge-in: {} stopped after {} ms of turn {}", persona.name(), turn.heard.nanos(now) / 1_000_000, turn.id);
        turn.interrupt(now, "the streamer talked over her (barge-in)");
        echo.stopped(now, true);
        echo.reset();
        current = null;
        state = new TurnState.Listening();
        // The words that interrupted her start the next turn.
        segmenter.reset();
        dropGuess();
        List<Float> scores = new ArrayList<>(recentScores);
        int i = 0;
        for (float[] f : recentFrames) {
            handle(segmenter.push(f, scores.get(i++)), now);
        }
    }

    /** Stops the session: a reply being spoken is cut as by a barge-in; one still being written is dropped. */
    @Override
    public void close() {
        input.lock();
        try {
            lock.lock();
            try {
                if (state instanceof TurnState.Closed) {
                    return;
                }
                VoiceTurn turn = current;
                if (turn != null) {
                    if (state instanceof TurnState.Speaking) {
                        turn.interrupt(loop.nanos(), "the voice session ended");
                    } else {
                        turn.abandon();
                    }
                }
                current = null;
                dropGuess();
                state = new TurnState.Closed();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            scorer.close();
        } finally {
            input.unlock();
        }
    }

    // What a turn changes in the session; each holds the lock.

    boolean isCurrent(VoiceTurn turn) {
        return current == turn;
    }

    boolean isGuess(VoiceTurn turn) {
        return guess == turn;
    }

    /** The guess's Whisper failed: the end of the turn, if it comes, asks again. */
    void dropGuess(VoiceTurn turn) {
        if (guess == turn) {
            dropGuess();
        }
    }

    void replying(VoiceTurn turn) {
        state = new TurnState.Replying(turn.id);
    }

    void speaking(VoiceTurn turn) {
        if (current == turn) {
            state = new TurnState.Speaking(turn.id);
        }
    }

    /** The turn is over (said, failed, or stopped): back to listening, unless the session has moved on. */
    void ended(VoiceTurn turn) {
        if (current == turn) {
            current = null;
            state = new TurnState.Listening();
        }
    }

    /** The next audio frame's sequence number: one count over the session, so a client sees every turn in order. */
    long nextSeq() {
        return seq.getAndIncrement();
    }
}
