/**
 * The VTube Studio plugin: its public WebSocket API, the token the user approves once, the
 * {@code MouthOpen} parameter driven from her loudness envelope, and a hotkey per emotion.
 */
@NullMarked
package dev.vtubermiku.server.onair.vts;

import org.jspecify.annotations.NullMarked;
