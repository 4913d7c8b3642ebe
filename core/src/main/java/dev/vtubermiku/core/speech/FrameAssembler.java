package dev.vtubermiku.core.speech;

import java.util.function.Consumer;

/**
 * Cuts a live stream of samples, arriving in pieces of any length, into the fixed-size frames a
 * speech scorer wants (512 samples for Silero at 16 kHz). Samples left over wait for the next piece.
 * One thread at a time.
 */
public final class FrameAssembler {

    private final float[] frame;
    private int filled;

    public FrameAssembler(int frameSamples) {
        if (frameSamples < 1) {
            throw new IllegalArgumentException("a frame needs at least one sample, was " + frameSamples);
        }
        this.frame = new float[frameSamples];
    }

    /**
     * Takes the next samples and hands every frame they complete to {@code frames}, in order. The
     * array handed over is reused for the next frame: a consumer that keeps it must copy it.
     */
    public void push(float[] samples, Consumer<float[]> frames) {
        int i = 0;
        while (i < samples.length) {
            int n = Math.min(frame.length - filled, samples.length - i);
            System.arraycopy(samples, i, frame, filled, n);
            filled += n;
            i += n;
            if (filled == frame.length) {
                filled = 0;
                frames.accept(frame);
            }
        }
    }
}
