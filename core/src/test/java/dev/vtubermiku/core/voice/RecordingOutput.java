package dev.vtubermiku.core.voice;

import dev.vtubermiku.protocol.VoiceFrames;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The client's end of a voice session, for tests: keeps every frame with the clock's time when it
 * was sent. It can hold the player at one frame (as a slow socket would), so that a test can talk
 * over her at a moment it knows exactly.
 */
final class RecordingOutput implements TurnAudioSink {

    record Sent(VoiceFrames.AudioFrame frame, long atNanos) {}

    private final VoiceClock clock;
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final long holdAtSeq;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch turnEnded = new CountDownLatch(1);

    /** @param holdAtSeq the frame at which the player is held until {@link #release()}; -1: none */
    RecordingOutput(VoiceClock clock, long holdAtSeq) {
        this.clock = clock;
        this.holdAtSeq = holdAtSeq;
    }

    @Override
    public void audio(VoiceFrames.AudioFrame frame) {
        sent.add(new Sent(frame, clock.nanos()));
        if (frame.turnEnd()) {
            turnEnded.countDown();
        }
        if (frame.seq() == holdAtSeq) {
            reached.countDown();
            try {
                if (!released.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the player");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the player is held at the frame (it was sent; none after it yet). */
    void awaitHeld() throws InterruptedException {
        if (!reached.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the player never reached frame " + holdAtSeq + "; sent: " + sent.size());
        }
    }

    /** Waits for the frame that ends the turn. */
    void awaitTurnEnd() throws InterruptedException {
        if (!turnEnded.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no turn-end frame; sent: " + sent.size());
        }
    }

    void release() {
        released.countDown();
    }

    List<VoiceFrames.AudioFrame> frames() {
        return sent.stream().map(Sent::frame).toList();
    }
}
