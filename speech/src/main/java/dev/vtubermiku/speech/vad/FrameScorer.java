package dev.vtubermiku.speech.vad;

/** Scores fixed-size frames of 16 kHz audio with a speech probability; one per stream, one thread at a time. */
interface FrameScorer extends AutoCloseable {

    int frameSamples();

    /** The probability (0..1) that {@code frame} (exactly {@link #frameSamples()} long) is speech. */
    float score(float[] frame);

    @Override
    void close();
}
