package dev.vtubermiku.speech.audio;

import dev.vtubermiku.core.speech.MonoAudio;

/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc evaluated as a polyphase filter bank
 * for the exact rational ratio (48000 -> 16000 is 1/3, 44100 -> 16000 is 160/441). The pass band
 * ends at {@value #ROLLOFF} of the lower Nyquist frequency; the stop band is attenuated by more than
 * 80 dB. Immutable and thread-safe once built; build one per rate pair and reuse it.
 */
public final class Resampler {

    /** Zero crossings of the sinc on each side, at the lower rate: the filter's length and so its steepness. */
    static final int ZERO_CROSSINGS = 32;
    static final double ROLLOFF = 0.92;
    /** Kaiser beta for about 86 dB of side-lobe attenuation. */
    static final double BETA = 8.6;
    private static final int MAX_TABLE_PHASES = 4096;

    private final int from;
    private final int to;
    private final int up;
    private final int down;
    private final int half;
    private final double cutoff;
    private final float[][] table;

    public Resampler(int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive");
        }
        this.from = from;
        this.to = to;
        int g = gcd(from, to);
        this.up = to / g;
        this.down = from / g;
        this.cutoff = Math.min(1.0, (double) to / from) * ROLLOFF; // in cycles per input sample x2 (1.0 = input Nyquist)
        this.half = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        if (up <= MAX_TABLE_PHASES) {
            table = new float[up][2 * half];
            for (int p = 0; p < up; p++) {
                double frac = (double) p / up;
                for (int k = 0; k < 2 * half; k++) {
                    table[p][k] = (float) kernel(frac + half - 1 - k);
                }
            }
        } else {
            table = new float[0][];
        }
    }

    /** Converts a whole signal; the output has round(n * to / from) samples. */
    public float[] process(float[] in) {
        if (from == to) {
            return in.clone();
        }
        int outLength = (int) ((long) in.length * up / down);
        float[] out = new float[outLength];
        int taps = 2 * half;
        for (int n = 0; n < outLength; n++) {
            long position = (long) n * down;
            int base = (int) (position / up);
            int phase = (int) (position % up);
            int first = base - half + 1;
            double acc = 0;
            if (table.length > 0) {
                float[] h = table[phase];
                int k0 = Math.max(0, -first);
                int k1 = Math.min(taps, in.length - first);
                for (int k = k0; k < k1; k++) {
                    acc += in[first + k] * h[k];
                }
            } else {
                double frac = (double) phase / up;
                for (int k = Math.max(0, -first); k < Math.min(taps, in.length - first); k++) {
                    acc += in[first + k] * kernel(frac + half - 1 - k);
                }
            }
            out[n] = (float) acc;
        }
        return out;
    }

    public MonoAudio process(MonoAudio audio) {
        if (audio.sampleRate() != from) {
            throw new IllegalArgumentException("this resampler converts from " + from + " Hz, not " + audio.sampleRate());
        }
        return new MonoAudio(process(audio.samples()), to);
    }

    /** Converts audio to {@code rate}, building a resampler for the pair (no work when the rate already matches). */
    public static MonoAudio to(MonoAudio audio, int rate) {
        if (audio.sampleRate() == rate) {
            return audio;
        }
        return new Resampler(audio.sampleRate(), rate).process(audio);
    }

    /** Windowed sinc at offset x input samples from the output instant. */
    private double kernel(double x) {
        double r = x / half;
        if (r <= -1 || r >= 1) {
            return 0;
        }
        double arg = Math.PI * cutoff * x;
        double sinc = Math.abs(x) < 1e-12 ? 1 : Math.sin(arg) / arg;
        return cutoff * sinc * bessel0(BETA * Math.sqrt(1 - r * r)) / bessel0(BETA);
    }

    /** Modified Bessel function of the first kind, order 0 (series; converges fast for the betas used). */
    private static double bessel0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 64; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-16) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }
}
