/** Playback and microphone capture with javax.sound.sampled, kept apart from the views so the live voice loop can reuse them. */
@NullMarked
package dev.vtubermiku.gui.audio;

import org.jspecify.annotations.NullMarked;
