package dev.vtubermiku.speech.vad;

/**
 * The fallback when there is no Silero model: loudness against a tracked noise floor. The floor
 * follows quiet frames down at once and rises slowly (so a long word does not become the floor);
 * a frame about 12 dB over the floor scores 0.5. Much weaker than Silero on noise and music; status
 * says when it is in use.
 */
final class EnergyScorer implements FrameScorer {

    static final int FRAME = 512;
    /** Loudness over the floor (dB) where the probability crosses 0.5, and how steeply. */
    private static final double MARGIN_DB = 12;
    private static final double SLOPE_DB = 2;
    /** How fast the floor rises, in dB per frame (32 ms): about 1.5 dB per second. */
    private static final double RISE_DB = 0.05;
    /** Below this nothing is speech, however quiet the floor. */
    private static final double ABSOLUTE_GATE_DB = -55;

    private double floor = Double.NaN;

    @Override
    public int frameSamples() {
        return FRAME;
    }

    @Override
    public float score(float[] frame) {
        double sum = 0;
        for (float s : frame) {
            sum += (double) s * s;
        }
        double db = 10 * Math.log10(sum / frame.length + 1e-12);
        if (Double.isNaN(floor) || db < floor) {
            floor = db;
        } else {
            floor += RISE_DB;
        }
        if (db < ABSOLUTE_GATE_DB) {
            return 0;
        }
        double x = (db - floor - MARGIN_DB) / SLOPE_DB;
        return (float) (1 / (1 + Math.exp(-x)));
    }

    @Override
    public void close() {}
}
