/** Host and process figures for status (OSHI). */
@NullMarked
package dev.vtubermiku.server.metrics;

import org.jspecify.annotations.NullMarked;
