/** ViewModels: state and commands of each tab as javafx.beans properties and collections, no javafx.scene types, so they are unit-tested without a toolkit. */
@NullMarked
package dev.vtubermiku.gui.vm;

import org.jspecify.annotations.NullMarked;
