/**
 * The voice loop: the streamer's speech in, the character's voice out, as fast as each stage
 * allows. End-of-turn detection, Whisper, the streamed reply cut into chunks, Piper per chunk,
 * paced audio frames, barge-in, the echo gate and per-turn latency. Engines come through the ports.
 */
@NullMarked
package dev.vtubermiku.core.voice;

import org.jspecify.annotations.NullMarked;
