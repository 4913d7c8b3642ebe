/** Decoding (WAV, MP3, Ogg Vorbis, FLAC), mono, resampling, loudness, WAV writing: pure Java. */
@NullMarked
package dev.vtubermiku.speech.audio;

import org.jspecify.annotations.NullMarked;
