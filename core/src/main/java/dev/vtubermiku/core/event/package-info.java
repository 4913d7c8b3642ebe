/**
 * The event system: every stored event goes to the journal first, then to each subscriber's own
 * bounded mailbox, so a slow subscriber can never hold up a publisher; what a subscriber misses it
 * can read back from the journal.
 */
@NullMarked
package dev.vtubermiku.core.event;

import org.jspecify.annotations.NullMarked;
