/**
 * The command center: a JavaFX client of the backend. It reaches the backend only over HTTP and
 * {@code /ws} (like any other client), so it depends on the protocol module alone.
 */
@NullMarked
package dev.vtubermiku.gui;

import org.jspecify.annotations.NullMarked;
