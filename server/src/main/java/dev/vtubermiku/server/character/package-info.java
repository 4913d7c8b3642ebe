/** Characters: the catalog, the active character, starter characters and SillyTavern cards. */
@NullMarked
package dev.vtubermiku.server.character;

import org.jspecify.annotations.NullMarked;
