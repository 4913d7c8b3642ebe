/** What each backend service is doing, and the probes that find out. */
@NullMarked
package dev.vtubermiku.core.status;

import org.jspecify.annotations.NullMarked;
