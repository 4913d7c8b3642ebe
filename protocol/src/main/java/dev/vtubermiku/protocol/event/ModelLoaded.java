package dev.vtubermiku.protocol.event;

import dev.vtubermiku.protocol.EventTypes;

/** {@code model.loaded}: an engine ({@code piper}, {@code whisper}, {@code vad}) loaded a model, in {@code load_ms}. */
public record ModelLoaded(String engine, String model, long loadMs) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.MODEL_LOADED;
    }
}
