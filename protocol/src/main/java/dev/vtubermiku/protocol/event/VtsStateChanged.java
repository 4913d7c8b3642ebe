package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;

/**
 * {@code vts.state}: the VTube Studio plugin's connection changed state ({@code connecting},
 * {@code awaiting_approval}, {@code connected}, {@code denied}, {@code unreachable}); {@code detail}
 * says why in words. Published once per change, not per retry.
 */
public record VtsStateChanged(String state, String detail) implements EventPayload {
    @Override
    public String eventType() {
        return EventTypes.VTS_STATE;
    }
}
