/**
 * The speech ports: text to speech, speech to text and voice activity detection, with the values
 * they pass. Shaped for streaming: Piper per sentence, 16 kHz frames through VAD into Whisper.
 */
@NullMarked
package dev.vtubermiku.core.speech;

import org.jspecify.annotations.NullMarked;
