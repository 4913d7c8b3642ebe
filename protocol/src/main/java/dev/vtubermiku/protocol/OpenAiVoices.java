package dev.vtubermiku.protocol;

import java.util.List;

/**
 * {@code GET /v1/audio/voices}: the voices {@code /v1/audio/speech} accepts, in the shape Open WebUI
 * and Kokoro-FastAPI use ({@code {"voices":[{"id","name"}]}}); our voices first, then OpenAI's names.
 */
public record OpenAiVoices(List<Voice> voices) {

    public record Voice(String id, String name) {}
}
