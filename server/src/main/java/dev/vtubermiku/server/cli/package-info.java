/** The command line: {@code serve}, {@code doctor}. The only code that writes to the terminal directly. */
@NullMarked
package dev.vtubermiku.server.cli;

import org.jspecify.annotations.NullMarked;
