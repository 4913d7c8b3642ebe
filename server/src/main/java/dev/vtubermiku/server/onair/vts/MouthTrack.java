package dev.vtubermiku.server.onair.vts;

import dev.vtubermiku.server.onair.SpeechCue;
import org.jspecify.annotations.Nullable;

/**
 * Where her mouth is: the chunk playing now and the point reached in its loudness envelope. A chunk
 * plays from the moment its {@code speech.started} arrived for its duration; {@code speech.finished}
 * for that chunk (or the end or interruption of her turn) closes the mouth at once. Not thread-safe:
 * the plugin's loop owns it.
 */
final class MouthTrack {

    /** Loudness (RMS, 0..1) to {@code MouthOpen} (0..1): speech sits around 0.05-0.25 RMS. */
    static final double GAIN = 4.0;

    private @Nullable SpeechCue current;

    void apply(SpeechCue cue) {
        switch (cue.kind()) {
            case STARTED -> current = cue;
            case FINISHED -> {
                SpeechCue playing = current;
                if (playing != null && playing.turnId().equals(cue.turnId())
                        && (cue.turnEnd() || cue.interrupted() || cue.chunk() == playing.chunk())) {
                    current = null;
                }
            }
            case MOOD -> { }
        }
    }

    /** True while a chunk is playing at {@code nowNanos}. */
    boolean speaking(long nowNanos) {
        SpeechCue playing = current;
        if (playing == null) {
            return false;
        }
        if (nowNanos - playing.heardAtNanos() >= playing.playMillis() * 1_000_000L) {
            current = null;
            return false;
        }
        return true;
    }

    /** {@code MouthOpen} at {@code nowNanos}: the envelope's value for that moment times the gain, 0 when silent. */
    double value(long nowNanos) {
        SpeechCue playing = current;
        if (playing == null || !speaking(nowNanos)) {
            return 0;
        }
        long elapsedMs = Math.max(0, (nowNanos - playing.heardAtNanos()) / 1_000_000L);
        int index = (int) (elapsedMs / Math.max(1, playing.envelopeMs()));
        float[] envelope = playing.envelope();
        if (index >= envelope.length) {
            return 0;
        }
        return Math.round(Math.min(1.0, Math.max(0.0, envelope[index] * GAIN)) * 1000) / 1000.0;
    }
}
