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
 * Inputs: {@code input} float [1, 512] at 16 kHz, {@code state} float [2, 1, 128], {@code sr} int64;
 * outputs {@code output} (probability) and {@code stateN}.
 */
final class SileroModel implements AutoCloseable {

    static final int FRAME = 512;
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

        @Override
        public int frameSamples() {
            return FRAME;
        }

        @Override
        public float score(float[] frame) {
            try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(frame), new long[] {1, FRAME});
                    OnnxTensor h = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
                    OrtSession.Result result = session.run(Map.of("input", input, "state", h, "sr", rate))) {
                float probability = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
                OnnxTensor next = (OnnxTensor) result.get("stateN").orElseThrow();
                FloatBuffer buffer = next.getFloatBuffer();
                float[] copy = new float[STATE];
                buffer.get(copy);
                state = copy;
                return probability;
            } catch (OrtException e) {
                throw new IllegalStateException("Silero VAD failed on a frame: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {}
    }
}
