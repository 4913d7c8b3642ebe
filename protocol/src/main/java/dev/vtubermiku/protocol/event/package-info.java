/**
 * The typed {@code data} of every event type: one record per type, implementing
 * {@link dev.vtubermiku.protocol.event.EventPayload}. Producers publish these records; the GUI decodes them.
 */
@NullMarked
package dev.vtubermiku.protocol.event;

import org.jspecify.annotations.NullMarked;
