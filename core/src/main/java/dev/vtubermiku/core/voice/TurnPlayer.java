package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.protocol.VoiceFrames;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one utterance ({@link SpokenTurn}: a voice turn, a typed chat, a greeting…), on an executor:
 * takes each chunk as soon as it is synthesised and paces its 20 ms frames out in real time on the
 * voice clock, {@code leadMs} ahead of playback (the client's jitter buffer), telling the speaker
 * what will be audible when (the echo gate of a voice turn). Chunks play back to back; a stop
 * (barge-in, session end) wakes it within a frame. Ends with a turn-end frame.
 */
final class TurnPlayer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TurnPlayer.class);
    private static final long FRAME_NANOS = LoudnessEnvelope.WINDOW_MS * 1_000_000L;

    private final SpokenTurn turn;
    private final VoiceClock clock;
    private final long leadNanos;

    TurnPlayer(SpokenTurn turn) {
        this.turn = turn;
        this.clock = turn.clock;
        this.leadNanos = turn.leadNanos();
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
                    turn.playing();
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
            log.info("Turn {}: audio output failed ({}); stopping the turn", turn.id, e.toString());
            turn.lock.lock();
            try {
                turn.outputFailed(e);
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
                seq = turn.nextSeq();
                turn.audible(playsAt, FRAME_NANOS, chunk.envelope[i]);
            } finally {
                turn.lock.unlock();
            }
            int from = i * per;
            short[] part = Arrays.copyOfRange(samples, from, Math.min(samples.length, from + per));
            boolean first = turn.firstAudio < 0;
            if (first) {
                turn.firstAudio = clock.nanos();
            }
            turn.output().audio(new VoiceFrames.AudioFrame(turn.uuid, seq, chunk.index, rate,
                    i == frames - 1 ? VoiceFrames.FLAG_CHUNK_END : 0, part));
            if (first) {
                turn.firstAudioSent();
            }
            if (i == 0) {
                turn.events.chunkStarted(chunk, seq, turn.heard.isFirst(chunk) ? turn.firstLatency() : null);
            }
        }
        return true;
    }

    private void sendEnd() {
        try {
            turn.output().audio(new VoiceFrames.AudioFrame(turn.uuid, turn.nextSeq(), Math.max(0, turn.speech.chunks() - 1),
                    turn.endRate(), VoiceFrames.FLAG_TURN_END, new short[0]));
        } catch (RuntimeException e) {
            log.debug("Turn {}: the end frame could not be sent: {}", turn.id, e.toString());
        }
    }

    /** Holds the lock. All said: the end frame, the turn's last event, and its end. */
    private void finish() {
        sendEnd();
        turn.allSaid();
    }
}
