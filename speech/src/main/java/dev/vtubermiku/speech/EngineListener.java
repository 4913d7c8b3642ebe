package dev.vtubermiku.speech;

/** Hears models load and fail, to turn them into {@code model.loaded} / {@code model.failed} events. */
public interface EngineListener {

    /**
     * @param engine stt, tts or vad
     * @param model the model's file or voice name
     * @param millis how long loading took
     */
    void loaded(String engine, String model, long millis);

    void failed(String engine, String model, String error, String fix);

    EngineListener NONE = new EngineListener() {
        @Override
        public void loaded(String engine, String model, long millis) {}

        @Override
        public void failed(String engine, String model, String error, String fix) {}
    };
}
