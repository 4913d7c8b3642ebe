package dev.vtubermiku.core.chat;

/** Port: turns text into a vector whose cosine similarity to another says how alike their meanings are. */
public interface TextEmbedder {

    /** A unit-length vector for {@code text}; may be slow (milliseconds) and is called off the reply path where it can be. */
    float[] embed(String text);

    /** Names the model, stored beside each vector so that vectors of different models are never compared. */
    String modelName();
}
