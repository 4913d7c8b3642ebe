/** The backend's composition root. */
@NullMarked
package dev.vtubermiku.server;

import org.jspecify.annotations.NullMarked;
