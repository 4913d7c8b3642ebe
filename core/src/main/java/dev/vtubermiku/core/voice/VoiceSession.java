package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatReply;
import dev.vtubermiku.core.chat.ChatRequest;
import dev.vtubermiku.core.chat.Exchange;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import dev.vtubermiku.core.speech.VoiceActivityDetector.SpeechScorer;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.VoiceFrames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private static final long FRAME_NANOS = 20_000_000L;
    private static final int RATE = 16_000;
    /** Longest chunk handed to Piper when the model writes no punctuation. */
    private static final int MAX_CHUNK_CHARS = 240;
    /** Input kept for the start of a turn that interrupts her (its first words were spoken over her). */
    private static final int RECENT_MS = 600;

    private final VoiceLoop loop;
    private final Persona persona;
    private final VoiceSettings settings;
    private final VoiceOutput output;
    private final ReentrantLock input = new ReentrantLock(); // the scorer and the framing
    private final SpeechScorer scorer;
    private final float[] frame;
    private int filled;
    private final long frameInputNanos;
    private final ArrayDeque<float[]> recentFrames = new ArrayDeque<>();
    private final ArrayDeque<Float> recentScores = new ArrayDeque<>();
    private boolean wasGated;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TurnSegmenter segmenter;
    private final EchoGate echo;
    private final AtomicLong seq = new AtomicLong();
    private TurnState state = new TurnState.Listening();
    private @Nullable Turn current;

    VoiceSession(VoiceLoop loop, Persona persona, VoiceSettings settings, SpeechScorer scorer, VoiceOutput output) {
        this.loop = loop;
        this.persona = persona;
        this.settings = settings;
        this.scorer = scorer;
        this.output = output;
        this.frame = new float[scorer.frameSamples()];
        this.frameInputNanos = scorer.frameSamples() * 1_000_000_000L / RATE;
        this.segmenter = new TurnSegmenter(settings.vad(), RATE, settings.endSilenceMs(), settings.maxTurnMs(), 200);
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
            int i = 0;
            while (i < samples.length) {
                int n = Math.min(frame.length - filled, samples.length - i);
                System.arraycopy(samples, i, frame, filled, n);
                filled += n;
                i += n;
                if (filled == frame.length) {
                    filled = 0;
                    onFrame(frame.clone());
                }
            }
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
                        && echo.bargeIn(now, frameInputNanos, p, rms(f))) {
                    bargeIn(now);
                }
                return;
            }
            if (wasGated) {
                wasGated = false; // what the segmenter held from before her voice is stale
                segmenter.reset();
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
                Turn turn = current;
                if (turn != null && (state instanceof TurnState.Transcribing || state instanceof TurnState.Replying)) {
                    // The silence was a pause, not the end: the reply is dropped unheard, the turn goes on.
                    log.debug("Turn {} continues: the streamer spoke again before the reply was heard", turn.id);
                    turn.abandon();
                    segmenter.prepend(turn.audio);
                    current = null;
                    state = new TurnState.Listening();
                }
            }
            case TurnSegmenter.Signal.TurnEnded ended -> {
                if (current != null) {
                    return; // cannot happen: speech that long first abandoned the reply
                }
                long hangover = ended.hangoverSamples() * 1_000_000_000L / RATE;
                Turn turn = new Turn(ended.audio(), now - hangover, hangover);
                current = turn;
                state = new TurnState.Transcribing(turn.id);
                loop.work.execute(turn::transcribe);
            }
        }
    }

    /** Holds the lock. She stops within a frame; history keeps what was heard. */
    private void bargeIn(long now) {
        Turn turn = current;
        if (turn == null) {
            return;
        }
        log.info("Barge-in: {} stopped after {} ms of turn {}", persona.name(), turn.heardNanos(now) / 1_000_000, turn.id);
        turn.interrupt(now, "the streamer talked over her (barge-in)");
        echo.stopped(now, true);
        echo.reset();
        current = null;
        state = new TurnState.Listening();
        // The words that interrupted her start the next turn.
        segmenter.reset();
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
                Turn turn = current;
                if (turn != null) {
                    if (state instanceof TurnState.Speaking) {
                        turn.interrupt(loop.nanos(), "the voice session ended");
                    } else {
                        turn.abandon();
                    }
                }
                current = null;
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

    private static float rms(float[] f) {
        double sum = 0;
        for (float s : f) {
            sum += (double) s * s;
        }
        return (float) Math.sqrt(sum / Math.max(1, f.length));
    }

    /** Loudness per 20 ms window (RMS, 0..1), the lip-sync curve; index i covers [i·20 ms, (i+1)·20 ms). */
    static float[] envelope(short[] samples, int sampleRate) {
        int window = Math.max(1, sampleRate / 50);
        float[] out = new float[(samples.length + window - 1) / window];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            int from = i * window;
            int to = Math.min(samples.length, from + window);
            for (int j = from; j < to; j++) {
                double s = samples[j] / 32768.0;
                sum += s * s;
            }
            out[i] = (float) (Math.round(Math.sqrt(sum / (to - from)) * 1000) / 1000.0);
        }
        return out;
    }

    private record Pending(int index, String text) {}

    /** A synthesised chunk; {@code start} is set when it begins to play. */
    private static final class Spoken {
        final int index;
        final String text;
        final SpokenAudio audio;
        final float[] envelope;
        long start = -1;

        Spoken(int index, String text, SpokenAudio audio) {
            this.index = index;
            this.text = text;
            this.audio = audio;
            this.envelope = envelope(audio.samples(), audio.sampleRate());
        }

        long nanos() {
            return audio.samples().length * 1_000_000_000L / audio.sampleRate();
        }
    }

    /** One turn, from the end of the streamer's speech to the end of her reply. Guarded by the session lock. */
    private final class Turn {
        final String id = UUID.randomUUID().toString();
        final UUID uuid = UUID.fromString(id);
        final float[] audio;
        final long speechEnd;
        final long hangover;
        final SentenceChunker chunker = new SentenceChunker(settings.firstChunkChars(), MAX_CHUNK_CHARS);
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
        final ArrayDeque<Spoken> ready = new ArrayDeque<>();
        final List<Spoken> played = new ArrayList<>();
        @Nullable String voice = persona.voice();
        @Nullable ChatEngine.ChatTurn chat;
        @Nullable String userText;
        long sttNanos = -1;
        long transcriptAt = -1;
        long chatStart = -1;
        long firstToken = -1;
        long firstChunk = -1;
        long ttsFirstChunk = -1;
        long firstAudio = -1;
        int chunks;
        boolean synthesizing;
        boolean llmDone;
        boolean playerStarted;
        boolean stopped;
        boolean ttsFailed;
        @Nullable String heard; // set by a barge-in: what history keeps
        long storedId = -1;

        Turn(float[] audio, long speechEnd, long hangover) {
            this.audio = audio;
            this.speechEnd = speechEnd;
            this.hangover = hangover;
        }

        Map<String, @Nullable Object> data() {
            Map<String, @Nullable Object> data = new LinkedHashMap<>();
            data.put("turn_id", id);
            data.put("character_id", persona.id());
            return data;
        }

        boolean live() {
            return current == this && !stopped;
        }

        /** On the executor: Whisper, then the chat. */
        void transcribe() {
            // The prompt's character and history do not depend on the words: fetched while Whisper works.
            CompletableFuture<ChatEngine.Context> context = CompletableFuture.supplyAsync(() -> loop.chat.prepare(persona.id()),
                    loop.work);
            long start = loop.nanos();
            Transcript transcript;
            try {
                transcript = loop.stt.transcribe(new MonoAudio(audio, RATE), null);
            } catch (RuntimeException e) {
                log.warn("Voice turn {}: transcription failed", id, e);
                Map<String, @Nullable Object> data = data();
                data.put("source", "stt");
                data.put("detail", e.getMessage());
                loop.bus.publish(EventTypes.ERROR_OCCURRED, Severity.ERROR, "Could not transcribe what you said: " + e.getMessage(), data);
                end();
                return;
            }
            long done = loop.nanos();
            String text = transcript.text().strip();
            lock.lock();
            try {
                if (!live()) {
                    return; // the streamer went on talking: this turn continues as a longer one
                }
                sttNanos = done - start;
                transcriptAt = done;
                Map<String, @Nullable Object> data = data();
                data.put("text", text);
                data.put("language", transcript.language());
                data.put("duration", Math.round(transcript.duration() * 1000) / 1000.0);
                data.put("stt_ms", Math.round(sttNanos / 10_000.0) / 100.0);
                data.put("origin", "voice");
                loop.bus.publish(EventTypes.STT_TRANSCRIPT, Severity.INFO, "You said: " + (text.isEmpty() ? "(nothing recognised)" : text), data);
                if (text.isEmpty()) {
                    endLocked();
                    return;
                }
                userText = text;
                state = new TurnState.Replying(id);
                chatStart = loop.nanos();
            } finally {
                lock.unlock();
            }
            ChatEngine.ChatTurn started;
            try {
                started = loop.chat.start(new ChatRequest(text, persona.id(), false, "voice"), id, this::token,
                        context.exceptionally(e -> null).join());
            } catch (UnknownCharacterException e) {
                Map<String, @Nullable Object> data = data();
                data.put("source", "voice");
                data.put("detail", e.getMessage());
                loop.bus.publish(EventTypes.ERROR_OCCURRED, Severity.ERROR, e.getMessage(), data);
                end();
                return;
            }
            boolean dropped;
            lock.lock();
            try {
                chat = started;
                dropped = current != this;
            } finally {
                lock.unlock();
            }
            if (dropped) {
                started.cancel("the streamer went on talking");
            }
            started.result().whenComplete(this::replied);
        }

        /** On the model's thread: the next visible text of the reply. */
        void token(String text) {
            lock.lock();
            try {
                if (!live()) {
                    return;
                }
                if (firstToken < 0) {
                    firstToken = loop.nanos();
                }
                chunker.feed(text).forEach(this::queue);
            } finally {
                lock.unlock();
            }
        }

        void replied(@Nullable ChatReply reply, @Nullable Throwable error) {
            String heardNow;
            lock.lock();
            try {
                if (reply != null) {
                    storedId = reply.chatLogId();
                    if (live()) {
                        chunker.finish().forEach(this::queue);
                    }
                }
                llmDone = true;
                heardNow = heard;
                changed.signalAll();
                if (live() && !playerStarted && !synthesizing && pending.isEmpty() && ready.isEmpty()) {
                    endLocked(); // nothing to say (the model failed, or wrote nothing speakable)
                }
            } finally {
                lock.unlock();
            }
            if (heardNow != null) {
                keepHeard(reply, error, heardNow);
            }
        }

        /** Holds the lock. */
        void queue(String text) {
            if (firstChunk < 0) {
                firstChunk = loop.nanos();
            }
            pending.addLast(new Pending(chunks++, text));
            synthesizeNext();
        }

        /** Holds the lock. One chunk at a time in Piper, so a barge-in leaves nothing queued there. */
        void synthesizeNext() {
            if (synthesizing || stopped || pending.isEmpty()) {
                return;
            }
            Pending next = pending.removeFirst();
            synthesizing = true;
            long submitted = loop.nanos();
            loop.tts.synthesize(next.text(), voice).whenComplete((audio, error) -> synthesized(next, submitted, audio, error));
        }

        void synthesized(Pending chunk, long submitted, @Nullable SpokenAudio spoken, @Nullable Throwable error) {
            lock.lock();
            try {
                synthesizing = false;
                if (stopped) {
                    return;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof UnknownVoiceException && voice != null) {
                    log.warn("{}'s voice {} is not installed; speaking with the default voice", persona.name(), voice);
                    voice = null;
                    pending.addFirst(chunk);
                } else if (cause != null || spoken == null) {
                    if (!ttsFailed) {
                        ttsFailed = true; // one event per turn, not one per sentence
                        Map<String, @Nullable Object> data = data();
                        data.put("source", "tts");
                        data.put("detail", String.valueOf(cause == null ? "no audio" : cause.getMessage()));
                        loop.bus.publish(EventTypes.ERROR_OCCURRED, Severity.ERROR,
                                persona.name() + " cannot speak: " + data.get("detail"), data);
                    }
                } else {
                    if (chunk.index() == 0) {
                        ttsFirstChunk = loop.nanos() - submitted;
                    }
                    ready.addLast(new Spoken(chunk.index(), chunk.text(), spoken));
                    if (!playerStarted) {
                        playerStarted = true;
                        loop.work.execute(this::play);
                    }
                }
                synthesizeNext();
                changed.signalAll();
                if (llmDone && !playerStarted && !synthesizing && pending.isEmpty()) {
                    endLocked();
                }
            } finally {
                lock.unlock();
            }
        }

        /** On the executor: sends the chunks' frames in real time, a lead ahead of playback. */
        void play() {
            long timeline = Long.MIN_VALUE;
            try {
                while (true) {
                    Spoken chunk;
                    lock.lock();
                    try {
                        while (!stopped && ready.isEmpty() && !(llmDone && pending.isEmpty() && !synthesizing)) {
                            changed.await();
                        }
                        if (stopped) {
                            break;
                        }
                        if (ready.isEmpty()) {
                            finishTurn();
                            return;
                        }
                        chunk = ready.removeFirst();
                        chunk.start = Math.max(loop.nanos(), timeline);
                        played.add(chunk);
                        if (current == this) {
                            state = new TurnState.Speaking(id);
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (!sendChunk(chunk)) {
                        break;
                    }
                    timeline = chunk.start + chunk.nanos();
                    Map<String, @Nullable Object> data = data();
                    data.put("chunk", chunk.index);
                    data.put("interrupted", false);
                    data.put("turn_end", false);
                    loop.bus.publish(EventTypes.SPEECH_FINISHED, Severity.DEBUG, persona.name() + " said: " + chunk.text, data);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.info("Voice turn {}: audio output failed ({}); stopping the turn", id, e.toString());
                lock.lock();
                try {
                    if (current == this) {
                        interrupt(loop.nanos(), "the audio output failed: " + e.getMessage());
                        current = null;
                        state = new TurnState.Listening();
                    }
                } finally {
                    lock.unlock();
                }
                return;
            }
            sendEnd(); // stopped: the client learns there is no more of this turn
        }

        /** Returns false when the turn was stopped meanwhile. */
        private boolean sendChunk(Spoken chunk) throws InterruptedException {
            short[] samples = chunk.audio.samples();
            int rate = chunk.audio.sampleRate();
            int per = Math.max(1, rate / 50);
            int frames = (samples.length + per - 1) / per;
            long lead = settings.leadMs() * 1_000_000L;
            for (int i = 0; i < frames; i++) {
                long playsAt = chunk.start + i * FRAME_NANOS;
                long frameSeq;
                lock.lock();
                try {
                    long wait;
                    while (!stopped && (wait = playsAt - lead - loop.nanos()) > 0) {
                        changed.awaitNanos(wait);
                    }
                    if (stopped) {
                        return false;
                    }
                    frameSeq = seq.getAndIncrement();
                    echo.playing(playsAt, FRAME_NANOS, chunk.envelope[i]);
                } finally {
                    lock.unlock();
                }
                int from = i * per;
                short[] part = java.util.Arrays.copyOfRange(samples, from, Math.min(samples.length, from + per));
                boolean first = firstAudio < 0;
                if (first) {
                    firstAudio = loop.nanos();
                }
                output.audio(new VoiceFrames.AudioFrame(uuid, frameSeq, chunk.index, rate,
                        i == frames - 1 ? VoiceFrames.FLAG_CHUNK_END : 0, part));
                if (first) {
                    loop.latency().add(latency());
                }
                if (i == 0) {
                    Map<String, @Nullable Object> data = data();
                    data.put("chunk", chunk.index);
                    data.put("text", chunk.text);
                    data.put("sample_rate", rate);
                    data.put("samples", samples.length);
                    data.put("duration_ms", chunk.nanos() / 1_000_000);
                    data.put("first_seq", frameSeq);
                    data.put("envelope_ms", 20);
                    data.put("envelope", chunk.envelope);
                    if (chunk.index == played.getFirst().index) {
                        data.put("latency", latency().stages());
                    }
                    loop.bus.publish(EventTypes.SPEECH_STARTED, Severity.DEBUG, persona.name() + " speaks: " + chunk.text, data);
                }
            }
            return true;
        }

        private void sendEnd() {
            try {
                output.audio(new VoiceFrames.AudioFrame(uuid, seq.getAndIncrement(), Math.max(0, chunks - 1), RATE,
                        VoiceFrames.FLAG_TURN_END, new short[0]));
            } catch (RuntimeException e) {
                log.debug("Voice turn {}: the end frame could not be sent: {}", id, e.toString());
            }
        }

        /** On the player, all said: the end frame, the turn's last event, back to listening. */
        private void finishTurn() {
            sendEnd();
            Map<String, @Nullable Object> data = data();
            data.put("interrupted", false);
            data.put("turn_end", true);
            data.put("text", String.join(" ", played.stream().map(s -> s.text).toList()));
            data.put("latency", latency().stages());
            loop.bus.publish(EventTypes.SPEECH_FINISHED, Severity.INFO, persona.name() + " finished speaking", data);
            endLocked();
        }

        TurnLatency latency() {
            return new TurnLatency(speechEnd, hangover, sttNanos, transcriptAt, chatStart, firstToken, firstChunk,
                    ttsFirstChunk, firstAudio);
        }

        /** How long she has been audible in this turn by {@code now}. */
        long heardNanos(long now) {
            long total = 0;
            for (Spoken s : played) {
                if (s.start >= 0 && s.start < now) {
                    total += Math.min(s.nanos(), now - s.start);
                }
            }
            return total;
        }

        /** The words that had played by {@code now}: whole chunks, and of the one playing its share of words. */
        String heardText(long now) {
            StringBuilder b = new StringBuilder();
            for (Spoken s : played) {
                if (s.start < 0 || s.start >= now) {
                    break;
                }
                String part = s.text;
                if (now - s.start < s.nanos()) {
                    String[] words = s.text.split("\\s+");
                    int n = (int) Math.floor((double) (now - s.start) / s.nanos() * words.length);
                    part = String.join(" ", java.util.Arrays.copyOf(words, n));
                }
                if (!part.isEmpty()) {
                    b.append(b.isEmpty() ? "" : " ").append(part);
                }
            }
            return b.toString();
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
            String heardNow = heardText(now);
            heard = heardNow;
            Map<String, @Nullable Object> data = data();
            data.put("interrupted", true);
            data.put("turn_end", true);
            data.put("heard_text", heardNow);
            data.put("heard_ms", heardNanos(now) / 1_000_000);
            data.put("reason", why);
            data.put("latency", latency().stages());
            loop.bus.publish(EventTypes.SPEECH_FINISHED, Severity.INFO, persona.name() + " was interrupted", data);
            ChatEngine.ChatTurn c = chat;
            if (llmDone) {
                long stored = storedId;
                if (stored >= 0) {
                    loop.work.execute(() -> loop.history.markInterrupted(stored, heardNow));
                }
            } else if (c != null) {
                cancel(c, why); // its completion (replied) stores what was heard
            }
        }

        /** After a barge-in, once the chat turn is over: the stored reply becomes what was heard. */
        void keepHeard(@Nullable ChatReply reply, @Nullable Throwable error, String heardNow) {
            String user = userText;
            if (user == null) {
                return;
            }
            loop.work.execute(() -> {
                try {
                    if (reply != null) {
                        loop.history.markInterrupted(reply.chatLogId(), heardNow);
                    } else {
                        Exchange stored = loop.history.record(persona.id(), user, heardNow, null, null, loop.instant());
                        loop.history.markInterrupted(stored.id(), heardNow);
                    }
                } catch (RuntimeException e) {
                    log.warn("Voice turn {}: the interrupted reply could not be stored", id, e);
                }
            });
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

        void end() {
            lock.lock();
            try {
                endLocked();
            } finally {
                lock.unlock();
            }
        }

        /** Holds the lock. */
        void endLocked() {
            if (current == this) {
                current = null;
                state = new TurnState.Listening();
            }
        }
    }
}
