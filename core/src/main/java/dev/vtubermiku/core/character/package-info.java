/** Characters as the chat engine sees them, and the port through which it finds them. */
@NullMarked
package dev.vtubermiku.core.character;

import org.jspecify.annotations.NullMarked;
