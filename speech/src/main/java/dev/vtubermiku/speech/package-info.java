/** The speech engines behind the core's ports; native handles live here and nowhere else. */
@NullMarked
package dev.vtubermiku.speech;

import org.jspecify.annotations.NullMarked;
