/** Piper text to speech through piper-jni, every native call on one thread. */
@NullMarked
package dev.vtubermiku.speech.piper;

import org.jspecify.annotations.NullMarked;
