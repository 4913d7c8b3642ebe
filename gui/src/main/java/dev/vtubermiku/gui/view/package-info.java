/** The JavaFX views: thin layouts bound to the ViewModels. */
@NullMarked
package dev.vtubermiku.gui.view;

import org.jspecify.annotations.NullMarked;
