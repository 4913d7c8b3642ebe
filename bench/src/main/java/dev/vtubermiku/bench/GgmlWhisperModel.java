package dev.vtubermiku.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a whisper.cpp ggml model file with the tensor shapes of a real model and random weights,
 * so that Whisper's real compute can be timed where no real weights can be downloaded. The header,
 * mel filters and vocabulary are copied from a fixture (for-tests-ggml-tiny.en.bin, which has no
 * tensors); the model dimensions are replaced by the chosen shape's. Layout as whisper.cpp's
 * models/convert-pt-to-ggml.py writes it and whisper_model_load reads it: little-endian int32
 * hparams, the mel filters, the vocabulary, then per tensor {n_dims, name length, type (0 f32, 1 f16),
 * ne[0..n_dims) (fastest dimension first), name, data}; 1-D tensors, the conv biases (as [1, n]) and
 * the positional embeddings in f32, the rest in f16. The text it transcribes is noise; only its
 * time means something. Bench code: the files are written to a scratch folder and never committed.
 */
final class GgmlWhisperModel {

    /** A model's dimensions (n_audio_state = n_text_state, heads, layers per stack). */
    record Shape(String name, int state, int heads, int layers) {
        static final Shape TINY = new Shape("tiny", 384, 6, 4);
        static final Shape BASE = new Shape("base", 512, 8, 6);
    }

    private record Tensor(String name, int[] ne, boolean f16) {
        long elements() {
            long n = 1;
            for (int d : ne) {
                n *= d;
            }
            return n;
        }
    }

    private GgmlWhisperModel() {}

    /** The end-of-text token of the English-only vocabulary. */
    static final int EOT_EN = 50256;

    /**
     * Writes {@code out}; returns its size in bytes.
     *
     * @param endAtOnce make the decoder's output a constant that favours end-of-text (its final layer
     *     norm's weight 0, its bias the end-of-text embedding): it then stops after the first token or
     *     two, as a real model does on short speech, instead of writing noise until the context is full.
     *     The encoder's work, the larger part for a short turn, is the same either way.
     */
    static long write(Path fixture, Path out, Shape shape, long seed, boolean endAtOnce) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(fixture)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt() != 0x67676d6c) {
            throw new IOException(fixture + " is not a ggml whisper model");
        }
        int[] h = new int[11];
        for (int i = 0; i < h.length; i++) {
            h[i] = in.getInt();
        }
        int vocab = h[0];
        int audioCtx = h[1];
        int textCtx = h[5];
        int mels = h[9];
        h[2] = shape.state(); // n_audio_state
        h[3] = shape.heads();
        h[4] = shape.layers();
        h[6] = shape.state(); // n_text_state
        h[7] = shape.heads();
        h[8] = shape.layers();
        h[10] = 1; // f16
        int restStart = in.position(); // mel filters and vocabulary follow, copied as they are
        int nMel = in.getInt();
        int nFft = in.getInt();
        in.position(in.position() + nMel * nFft * 4);
        int tokens = in.getInt();
        for (int i = 0; i < tokens; i++) {
            int len = in.getInt();
            in.position(in.position() + len);
        }
        int restEnd = in.position();

        List<Tensor> tensors = tensors(shape, vocab, audioCtx, textCtx, mels);
        SplittableRandom random = new SplittableRandom(seed);
        long written;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            ByteBuffer head = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN).putInt(0x67676d6c);
            for (int v : h) {
                head.putInt(v);
            }
            os.write(head.array());
            os.write(in.array(), restStart, restEnd - restStart);
            written = 48L + restEnd - restStart;
            for (Tensor t : tensors) {
                written += tensor(os, t, random, endAtOnce, shape.state());
            }
        }
        return written;
    }

    private static long tensor(OutputStream os, Tensor t, SplittableRandom random, boolean endAtOnce, int width) throws IOException {
        byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(12 + 4 * t.ne().length + name.length).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(t.ne().length).putInt(name.length).putInt(t.f16() ? 1 : 0);
        for (int d : t.ne()) {
            header.putInt(d);
        }
        header.put(name);
        os.write(header.array());
        boolean norm = t.name().endsWith("ln.weight") || t.name().endsWith("_ln.weight") || t.name().equals("decoder.ln.weight")
                || t.name().equals("encoder.ln_post.weight");
        // Small weights keep activations finite through the layers; layer norms start at 1 as trained ones do.
        double scale = t.name().endsWith(".bias") ? 0.01 : 0.05;
        ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        long n = t.elements();
        for (long i = 0; i < n; i++) {
            float v = norm ? 1f : (float) ((random.nextDouble() * 2 - 1) * scale);
            if (endAtOnce) {
                switch (t.name()) {
                    case "decoder.ln.weight" -> v = 0;
                    case "decoder.ln.bias" -> v = direction(i);
                    case "decoder.token_embedding.weight" -> {
                        if (i / width == EOT_EN) {
                            v = direction(i % width);
                        }
                    }
                    default -> {}
                }
            }
            if (t.f16()) {
                block.putShort(Float.floatToFloat16(v));
            } else {
                block.putFloat(v);
            }
            if (block.remaining() < 4) {
                os.write(block.array(), 0, block.position());
                block.clear();
            }
        }
        os.write(block.array(), 0, block.position());
        return header.capacity() + n * (t.f16() ? 2 : 4);
    }

    private static float direction(long dim) {
        return dim % 2 == 0 ? 0.5f : -0.5f;
    }

    /** Every tensor whisper_model_load expects, in ggml order (ne[0] fastest), typed as the converter writes them. */
    private static List<Tensor> tensors(Shape s, int vocab, int audioCtx, int textCtx, int mels) {
        int d = s.state();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("encoder.positional_embedding", new int[] {d, audioCtx}, false));
        t.add(new Tensor("encoder.conv1.weight", new int[] {3, mels, d}, true));
        t.add(new Tensor("encoder.conv1.bias", new int[] {1, d}, false));
        t.add(new Tensor("encoder.conv2.weight", new int[] {3, d, d}, true));
        t.add(new Tensor("encoder.conv2.bias", new int[] {1, d}, false));
        for (int i = 0; i < s.layers(); i++) {
            String b = "encoder.blocks." + i + ".";
            block(t, b, "attn", d);
            t.add(new Tensor(b + "attn_ln.weight", new int[] {d}, false));
            t.add(new Tensor(b + "attn_ln.bias", new int[] {d}, false));
            mlp(t, b, d);
        }
        t.add(new Tensor("encoder.ln_post.weight", new int[] {d}, false));
        t.add(new Tensor("encoder.ln_post.bias", new int[] {d}, false));
        t.add(new Tensor("decoder.positional_embedding", new int[] {d, textCtx}, false));
        t.add(new Tensor("decoder.token_embedding.weight", new int[] {d, vocab}, true));
        for (int i = 0; i < s.layers(); i++) {
            String b = "decoder.blocks." + i + ".";
            block(t, b, "attn", d);
            t.add(new Tensor(b + "attn_ln.weight", new int[] {d}, false));
            t.add(new Tensor(b + "attn_ln.bias", new int[] {d}, false));
            block(t, b, "cross_attn", d);
            t.add(new Tensor(b + "cross_attn_ln.weight", new int[] {d}, false));
            t.add(new Tensor(b + "cross_attn_ln.bias", new int[] {d}, false));
            mlp(t, b, d);
        }
        t.add(new Tensor("decoder.ln.weight", new int[] {d}, false));
        t.add(new Tensor("decoder.ln.bias", new int[] {d}, false));
        return t;
    }

    /** Attention: query, key (no bias), value and output projections. */
    private static void block(List<Tensor> t, String b, String attn, int d) {
        t.add(new Tensor(b + attn + ".query.weight", new int[] {d, d}, true));
        t.add(new Tensor(b + attn + ".query.bias", new int[] {d}, false));
        t.add(new Tensor(b + attn + ".key.weight", new int[] {d, d}, true));
        t.add(new Tensor(b + attn + ".value.weight", new int[] {d, d}, true));
        t.add(new Tensor(b + attn + ".value.bias", new int[] {d}, false));
        t.add(new Tensor(b + attn + ".out.weight", new int[] {d, d}, true));
        t.add(new Tensor(b + attn + ".out.bias", new int[] {d}, false));
    }

    private static void mlp(List<Tensor> t, String b, int d) {
        t.add(new Tensor(b + "mlp_ln.weight", new int[] {d}, false));
        t.add(new Tensor(b + "mlp_ln.bias", new int[] {d}, false));
        t.add(new Tensor(b + "mlp.0.weight", new int[] {d, 4 * d}, true));
        t.add(new Tensor(b + "mlp.0.bias", new int[] {4 * d}, false));
        t.add(new Tensor(b + "mlp.2.weight", new int[] {4 * d, d}, true));
        t.add(new Tensor(b + "mlp.2.bias", new int[] {d}, false));
    }
}
