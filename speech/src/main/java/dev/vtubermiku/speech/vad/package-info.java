/** Voice activity detection: Silero VAD v5 on ONNX Runtime, or an energy meter when there is no model. */
@NullMarked
package dev.vtubermiku.speech.vad;

import org.jspecify.annotations.NullMarked;
