/**
 * The model manager: the built-in catalog of downloadable models (Piper voices, whisper.cpp ggml
 * models, Silero VAD), what is installed under MODELS_DIR, and pulls that resume, verify and never
 * leave a half file under a final name. Used alike by the command line and the HTTP API.
 */
@NullMarked
package dev.vtubermiku.server.models;

import org.jspecify.annotations.NullMarked;
