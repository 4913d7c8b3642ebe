package dev.vtubermiku.server.web;

import dev.vtubermiku.core.voice.VoiceLoop;
import dev.vtubermiku.protocol.LatencyReport;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;

/** Measured figures of the running backend. */
final class MetricsController {

    private final VoiceLoop voice;

    MetricsController(VoiceLoop voice) {
        this.voice = voice;
    }

    @OpenApi(path = "/api/metrics/latency", methods = HttpMethod.GET, tags = "metrics",
            summary = "Voice loop latency per stage: p50, p95 and max over the most recent turns",
            description = "Stages: vad_hangover_ms (silence waited for), stt_wait_ms (silence at which Whisper started: a "
                    + "pause when it started early, else the hangover), stt_ms (Whisper), transcript_ms, first_token_ms, "
                    + "first_chunk_ms and first_audio_ms (from the end of your speech), llm_first_chunk_ms (chat request to "
                    + "the first speakable chunk), tts_first_chunk_ms (Piper on it) and overhead_ms (first audio less the "
                    + "stages on its path: the later of Whisper and the hangover, the LLM, Piper: what the loop itself adds). Each turn's own figures are in the `latency` of its "
                    + "first `speech.started` event.",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = LatencyReport.class)))
    void latency(Context ctx) {
        ctx.json(voice.latency().report());
    }
}
