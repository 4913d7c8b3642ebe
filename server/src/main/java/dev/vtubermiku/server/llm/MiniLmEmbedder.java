package dev.vtubermiku.server.llm;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.vtubermiku.core.chat.TextEmbedder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantised, 384 dimensions) in process, from the model inside LangChain4j's jar:
 * no download, no server. Loaded on first use (about a second and ~100 MB), so a backend that never
 * chats never pays for it.
 */
public final class MiniLmEmbedder implements TextEmbedder {

    private static final Logger log = LoggerFactory.getLogger(MiniLmEmbedder.class);
    static final String MODEL = "all-minilm-l6-v2-q";

    private @Nullable EmbeddingModel model;

    private synchronized EmbeddingModel model() {
        if (model == null) {
            long started = System.nanoTime();
            model = new AllMiniLmL6V2QuantizedEmbeddingModel();
            log.info("Embedding model {} loaded in {} ms", MODEL, (System.nanoTime() - started) / 1_000_000);
        }
        return model;
    }

    @Override
    public float[] embed(String text) {
        float[] v = model().embed(text).content().vector();
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        return v;
    }

    @Override
    public String modelName() {
        return MODEL;
    }
}
