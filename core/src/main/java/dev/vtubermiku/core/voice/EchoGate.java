package dev.vtubermiku.core.voice;

import java.util.ArrayDeque;

/**
 * Keeps the character's own voice from being taken for the streamer's. The server knows every
 * 20 ms of audio it sends and when it will play, so while she is audible (and for a tail after,
 * for the room's echo) the input never starts a turn; it can only interrupt her (barge-in), and
 * only when every frame of the last {@code bargeInMs} is louder than her own voice at that moment
 * by a margin (and above a noise floor) and Silero's mean probability over them is at least its
 * end-of-speech threshold. The mean, not each frame: Silero's score jitters at the onset of speech
 * ("And so my f-" scores 0.17, 0.51, 0.49, 0.19, …), and waiting for frame after frame above the
 * threshold would stop her 100 ms later. Her voice returning through speakers into a microphone is
 * never louder than it was sent, so it cannot pass; a streamer talking into their microphone is.
 * Times are nanoseconds of one clock.
 */
public final class EchoGate {

    private record Played(long at, double db) {}

    private final long tailNanos;
    private final long leadNanos;
    private final double marginDb;
    private final long bargeInNanos;
    private final double endThreshold;
    private final ArrayDeque<Played> played = new ArrayDeque<>();
    private long audibleUntil = Long.MIN_VALUE;
    /** Below this the input is the room, not a voice (a microphone's noise floor is lower still). */
    static final double FLOOR_DB = -50;
    /** Speech probabilities of the latest frames while gated; -1 for a frame not louder than her. */
    private final ArrayDeque<Float> recent = new ArrayDeque<>();

    public EchoGate(VoiceSettings settings) {
        this.tailNanos = settings.echoTailMs() * 1_000_000L;
        this.leadNanos = settings.leadMs() * 1_000_000L;
        this.marginDb = settings.echoMarginDb();
        this.bargeInNanos = settings.bargeInMs() * 1_000_000L;
        this.endThreshold = settings.vad().endThreshold();
    }

    /** A window of her audio will play from {@code at} for {@code nanos}, at this loudness (RMS, 0..1). */
    public synchronized void playing(long at, long nanos, float rms) {
        played.addLast(new Played(at, toDb(rms)));
        audibleUntil = Math.max(audibleUntil, at + nanos);
        while (played.peekFirst().at() < at - 10_000_000_000L) {
            played.removeFirst(); // bounded even when nothing asks (barge-in off): 10 s is far beyond any tail
        }
    }

    /**
     * Her playback was cut at {@code at}: nothing after it will be heard. {@code lift}: the streamer
     * interrupted her and is talking, so the input is theirs at once (their voice drowns the echo tail).
     */
    public synchronized void stopped(long at, boolean lift) {
        audibleUntil = Math.min(audibleUntil, lift ? at - tailNanos : at);
        played.removeIf(p -> p.at() > at);
    }

    /** Whether input at {@code now} may hold her voice: she plays, or did within the echo tail. */
    public synchronized boolean gated(long now) {
        return now < audibleUntil + tailNanos;
    }

    /**
     * One input frame captured around {@code now} while gated: whether the streamer has now talked
     * over her long enough to stop her.
     *
     * @param frameNanos the frame's length
     */
    public synchronized boolean bargeIn(long now, long frameNanos, float probability, float inputRms) {
        int frames = (int) Math.max(1, (bargeInNanos + frameNanos - 1) / frameNanos);
        double db = toDb(inputRms);
        boolean louder = db >= FLOOR_DB && db >= loudestSince(now) + marginDb;
        recent.addLast(louder ? probability : -1f);
        while (recent.size() > frames) {
            recent.removeFirst();
        }
        if (recent.size() < frames) {
            return false;
        }
        double sum = 0;
        for (float p : recent) {
            if (p < 0) {
                return false; // one frame no louder than her: it may all be her echo
            }
            sum += p;
        }
        return sum / frames >= endThreshold;
    }

    /** Starts counting afresh (after a barge-in or at a new turn). */
    public synchronized void reset() {
        recent.clear();
    }

    /** Her loudest window that may be in the microphone now: sent up to a tail ago, or sent early by the lead. */
    private double loudestSince(long now) {
        while (!played.isEmpty() && played.peekFirst().at() < now - tailNanos) {
            played.removeFirst(); // input only moves forward: what is older will never matter again
        }
        double max = Double.NEGATIVE_INFINITY;
        for (Played p : played) {
            if (p.at() >= now - tailNanos && p.at() <= now + leadNanos + 20_000_000L) {
                max = Math.max(max, p.db());
            }
        }
        return max;
    }

    static double toDb(double rms) {
        return rms <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms);
    }
}
