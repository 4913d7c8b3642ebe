/**
 * The chat engine: prompt building, the streaming emotion-tag parser, the emotion lexicon, long-term
 * memory recall, and the ports it drives (language model, history, memory store, reply voice).
 */
@NullMarked
package dev.vtubermiku.core.chat;

import org.jspecify.annotations.NullMarked;
