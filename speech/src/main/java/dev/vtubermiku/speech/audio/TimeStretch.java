package dev.vtubermiku.speech.audio;

/**
 * Changes the pace of speech without changing its pitch, by overlap-adding Hann-windowed 30 ms
 * frames read at {@code speed} times the rate they are written. Plain OLA: some phasiness at
 * extreme speeds, which is acceptable for the OpenAI {@code speed} option (piper-jni 1.2.0 offers no
 * length scale per request). The output has round(n / speed) samples.
 */
public final class TimeStretch {

    private TimeStretch() {}

    public static short[] apply(short[] in, int sampleRate, double speed) {
        if (speed <= 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be positive, was " + speed);
        }
        int outLength = (int) Math.round(in.length / speed);
        if (speed == 1.0 || in.length == 0) {
            return in.clone();
        }
        int frame = Math.max(16, sampleRate * 30 / 1000);
        int hopOut = frame / 2;
        double hopIn = hopOut * speed;
        float[] sum = new float[outLength + frame];
        float[] weight = new float[outLength + frame];
        float[] window = new float[frame];
        for (int i = 0; i < frame; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / frame));
        }
        for (int k = 0; (long) k * hopOut < outLength; k++) {
            int from = (int) Math.round(k * hopIn);
            int to = k * hopOut;
            for (int i = 0; i < frame; i++) {
                int source = from + i;
                float sample = source < in.length ? in[source] : 0f;
                sum[to + i] += sample * window[i];
                weight[to + i] += window[i];
            }
        }
        short[] out = new short[outLength];
        for (int i = 0; i < outLength; i++) {
            float v = weight[i] > 1e-3f ? sum[i] / weight[i] : 0f;
            out[i] = (short) Math.clamp(Math.round(v), Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return out;
    }
}
