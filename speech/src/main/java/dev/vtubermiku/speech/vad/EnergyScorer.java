package dev.vtubermiku.speech.vad;

/**
 * The fallback when there is no Silero model: loudness against a tracked noise floor. The floor
 * follows quiet frames down at once and rises slowly (so a long word does not become the floor);
 * a frame about 12 dB over the floor scores 0.5. A frame's score is the highest of the last five
 * (160 ms of hangover), because loudness dips between syllables where Silero hears one phrase.
 * Much weaker than Silero on noise and music; status says when it is in use.
 */
final class EnergyScorer implements FrameScorer {

    static final int FRAME = 512;
    /** Loudness over the floor (dB) where the probability crosses 0.5, and how steeply. */
    private static final double MARGIN_DB = 12;
    private static final double SLOPE_DB = 2;
    /** How fast the floor rises, in dB per frame (32 ms): about 1.5 dB per second. */
    private static final double RISE_DB = 0.05;
    /** Below this nothing is speech, and digital silence does not drag the floor down. */
    private static final double GATE_DB = -60;
    private static final int HANGOVER_FRAMES = 5;

    private double floor = Double.NaN;
    private final float[] recent = new float[HANGOVER_FRAMES];
    private int next;

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
        float p = 0;
        if (db >= GATE_DB) {
            if (Double.isNaN(floor) || db < floor) {
                floor = db;
            } else {
                floor += RISE_DB;
            }
            p = (float) (1 / (1 + Math.exp(-(db - floor - MARGIN_DB) / SLOPE_DB)));
        }
        recent[next] = p;
        next = (next + 1) % HANGOVER_FRAMES;
        float max = 0;
        for (float r : recent) {
            max = Math.max(max, r);
        }
        return max;
    }

    @Override
    public void close() {}
}
