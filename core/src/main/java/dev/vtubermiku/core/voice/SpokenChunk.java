package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.core.speech.SpokenAudio;

/** One chunk of her reply as synthesised, with its lip-sync envelope; {@code start} is set when it begins to play. */
final class SpokenChunk {

    final int index;
    final String text;
    final SpokenAudio audio;
    final float[] envelope;
    /** When it plays, in nanoseconds of the loop's clock; -1 until then. Written and read under the session lock. */
    long start = -1;

    SpokenChunk(int index, String text, SpokenAudio audio) {
        this.index = index;
        this.text = text;
        this.audio = audio;
        this.envelope = LoudnessEnvelope.lipSync(audio.samples(), audio.sampleRate());
    }

    long nanos() {
        return audio.samples().length * 1_000_000_000L / audio.sampleRate();
    }
}
