package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.protocol.VoiceFrames;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one turn, on the loop's executor: takes each chunk as soon as it is synthesised and paces
 * its 20 ms frames out in real time on the loop's clock, {@code leadMs} ahead of playback (the
 * client's jitter buffer), telling the echo gate what will be audible when. Chunks play back to
 * back; a stop (barge-in, session end) wakes it within a frame. Ends with a turn-end frame.
 */
final class TurnPlayer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TurnPlayer.class);
    private static final long FRAME_NANOS = LoudnessEnvelope.WINDOW_MS * 1_000_000L;

    private final VoiceTurn turn;
    private final VoiceSession session;
    private final VoiceClock clock;
    private final long leadNanos;

    TurnPlayer(VoiceTurn turn) {
        this.turn = turn;
        this.session = turn.session;
        this.clock = turn.loop.clock;
        this.leadNanos = session.settings().leadMs() * 1_000_000L;
    }

    @Override
    public void run() {
        long timeline = Long.MIN_VALUE;
        try {
            while (true) {
                SpokenChunk chunk;
                turn.lock.lock();
                try {
                    while (!turn.stopped && !turn.speech.anyReady() && !(turn.llmDone && turn.speech.synthesisDone())) {
                        turn.changed.await();
                    }
                    if (turn.stopped) {
                        break;
                    }
                    chunk = turn.speech.nextToPlay();
                    if (chunk == null) {
                        finish();
                        return;
                    }
                    turn.heard.playing(chunk, Math.max(clock.nanos(), timeline));
                    session.speaking(turn);
                } finally {
                    turn.lock.unlock();
                }
                if (!send(chunk)) {
                    break;
                }
                timeline = chunk.start + chunk.nanos();
                turn.events.chunkFinished(chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.info("Voice turn {}: audio output failed ({}); stopping the turn", turn.id, e.toString());
            turn.lock.lock();
            try {
                if (session.isCurrent(turn)) {
                    turn.interrupt(clock.nanos(), "the audio output failed: " + e.getMessage());
                    turn.endLocked();
                }
            } finally {
                turn.lock.unlock();
            }
            return;
        }
        sendEnd(); // stopped: the client learns there is no more of this turn
    }

    /** Sends one chunk's frames, each when it is due; returns false when the turn was stopped meanwhile. */
    private boolean send(SpokenChunk chunk) throws InterruptedException {
        short[] samples = chunk.audio.samples();
        int rate = chunk.audio.sampleRate();
        int per = LoudnessEnvelope.windowSamples(rate);
        int frames = (samples.length + per - 1) / per;
        for (int i = 0; i < frames; i++) {
            long playsAt = chunk.start + i * FRAME_NANOS;
            long seq;
            turn.lock.lock();
            try {
                long wait;
                while (!turn.stopped && (wait = playsAt - leadNanos - clock.nanos()) > 0) {
                    clock.await(turn.changed, wait);
                }
                if (turn.stopped) {
                    return false;
                }
                seq = session.nextSeq();
                session.echo.playing(playsAt, FRAME_NANOS, chunk.envelope[i]);
            } finally {
                turn.lock.unlock();
            }
            int from = i * per;
            short[] part = Arrays.copyOfRange(samples, from, Math.min(samples.length, from + per));
            boolean first = turn.firstAudio < 0;
            if (first) {
                turn.firstAudio = clock.nanos();
            }
            session.output.audio(new VoiceFrames.AudioFrame(turn.uuid, seq, chunk.index, rate,
                    i == frames - 1 ? VoiceFrames.FLAG_CHUNK_END : 0, part));
            if (first) {
                turn.loop.latency().add(turn.latency());
            }
            if (i == 0) {
                turn.events.chunkStarted(chunk, seq, turn.heard.isFirst(chunk) ? turn.latency() : null);
            }
        }
        return true;
    }

    private void sendEnd() {
        try {
            session.output.audio(new VoiceFrames.AudioFrame(turn.uuid, session.nextSeq(), Math.max(0, turn.speech.chunks() - 1),
                    VoiceSession.RATE, VoiceFrames.FLAG_TURN_END, new short[0]));
        } catch (RuntimeException e) {
            log.debug("Voice turn {}: the end frame could not be sent: {}", turn.id, e.toString());
        }
    }

    /** Holds the lock. All said: the end frame, the turn's last event, back to listening. */
    private void finish() {
        sendEnd();
        turn.events.turnFinished(turn.heard.all(), turn.latency());
        turn.endLocked();
    }
}
