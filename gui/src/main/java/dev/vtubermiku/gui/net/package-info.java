/** HTTP and WebSocket access to the backend; everything here runs off the FX thread. */
@NullMarked
package dev.vtubermiku.gui.net;

import org.jspecify.annotations.NullMarked;
