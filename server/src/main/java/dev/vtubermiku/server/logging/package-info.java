/** One log stream: SLF4J into Logback, to the console, a rotated file, a ring and live events. */
@NullMarked
package dev.vtubermiku.server.logging;

import org.jspecify.annotations.NullMarked;
