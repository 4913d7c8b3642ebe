package dev.vtubermiku.speech.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Silero VAD v5 loaded in ONNX Runtime. The session is shared (ONNX Runtime runs one session from
 * many threads); each stream keeps its own recurrent state in a {@link Scorer}.
 * Inputs: {@code input} float [1, 64 + 512] at 16 kHz, {@code state} float [2, 1, 128], {@code sr}
 * int64; outputs {@code output} (probability) and {@code stateN}. Like Silero's own wrapper, each
 * frame is preceded by the last 64 samples of the frame before: without that context the model
 * holds on to speech about 0.3 s too long at phrase ends (measured on jfk.wav).
 */
final class SileroModel implements AutoCloseable {

    static final int FRAME = 512;
    static final int CONTEXT = 64;
    private static final int STATE = 2 * 128;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final OnnxTensor rate;

    SileroModel(Path model) throws OrtException {
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One frame is tiny: threads would cost more than they give, and streams run side by side.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model.toString(), options);
        }
        this.rate = OnnxTensor.createTensor(env, 16_000L);
    }

    Scorer scorer() {
        return new Scorer();
    }

    @Override
    public void close() throws OrtException {
        rate.close();
        session.close();
    }

    /** One stream's recurrent state. */
    final class Scorer implements FrameScorer {

        private float[] state = new float[STATE];
        private final float[] input = new float[CONTEXT + FRAME];

        @Override
        public int frameSamples() {
            return FRAME;
        }

        @Override
        public float score(float[] frame) {
            System.arraycopy(frame, 0, input, CONTEXT, FRAME);
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, CONTEXT + FRAME});
                    OnnxTensor h = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
                    OrtSession.Result result = session.run(Map.of("input", in, "state", h, "sr", rate))) {
                float probability = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
                OnnxTensor next = (OnnxTensor) result.get("stateN").orElseThrow();
                FloatBuffer buffer = next.getFloatBuffer();
                float[] copy = new float[STATE];
                buffer.get(copy);
                state = copy;
                System.arraycopy(frame, FRAME - CONTEXT, input, 0, CONTEXT);
                return probability;
            } catch (OrtException e) {
                throw new IllegalStateException("Silero VAD failed on a frame: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {}
    }
}
