/**
 * On air: links to the programs a streamer already runs beside the backend, each off unless its
 * URL is set. Her speech events drive them from a bus subscription of their own, so nothing here is
 * ever on the speaking path: a slow, closed or broken program costs a dropped message, never a turn.
 * {@code vts}: the VTube Studio plugin; {@code obs}: OBS control over obs-websocket v5.
 */
@NullMarked
package dev.vtubermiku.server.onair;

import org.jspecify.annotations.NullMarked;
