/** The speech engines as the backend runs them: created from the configuration, probed, reloaded, evented. */
@NullMarked
package dev.vtubermiku.server.speech;

import org.jspecify.annotations.NullMarked;
