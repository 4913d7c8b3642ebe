package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;

/**
 * {@code obs.state}: the OBS connection changed state ({@code connecting}, {@code connected},
 * {@code auth_failed}, {@code unreachable}) or its detail changed (a caption source OBS does not
 * know, say); published once per change, not per retry.
 */
public record ObsStateChanged(String state, String detail) implements EventPayload {
    @Override
    public String eventType() {
        return EventTypes.OBS_STATE;
    }
}
