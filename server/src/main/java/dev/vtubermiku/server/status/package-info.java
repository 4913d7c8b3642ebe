/** The status report: services, host figures, event counts; pushed as {@code system.status}. */
@NullMarked
package dev.vtubermiku.server.status;

import org.jspecify.annotations.NullMarked;
