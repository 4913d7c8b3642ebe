/** Whisper speech to text through whisper-jni: one shared context, a bounded pool of states. */
@NullMarked
package dev.vtubermiku.speech.whisper;

import org.jspecify.annotations.NullMarked;
