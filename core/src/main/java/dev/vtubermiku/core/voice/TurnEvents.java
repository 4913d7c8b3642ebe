package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.protocol.EventTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The events of one voice turn, each with its {@code turn_id} and {@code character_id}:
 * {@code stt.transcript}; per chunk {@code speech.started} (text, 20 ms loudness envelope; the first
 * also carries the latency) and {@code speech.finished}; finally {@code speech.finished} with
 * {@code turn_end: true} (and {@code interrupted: true} when she was cut off); {@code error.occurred}
 * when a stage failed.
 */
final class TurnEvents {

    private final EventBus bus;
    private final Persona persona;
    private final String turnId;

    TurnEvents(EventBus bus, Persona persona, String turnId) {
        this.bus = bus;
        this.persona = persona;
        this.turnId = turnId;
    }

    private Map<String, @Nullable Object> data() {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("turn_id", turnId);
        data.put("character_id", persona.id());
        return data;
    }

    void transcript(String text, Transcript transcript, long sttNanos) {
        Map<String, @Nullable Object> data = data();
        data.put("text", text);
        data.put("language", transcript.language());
        data.put("duration", Math.round(transcript.duration() * 1000) / 1000.0);
        data.put("stt_ms", Math.round(sttNanos / 10_000.0) / 100.0);
        data.put("origin", "voice");
        bus.publish(EventTypes.STT_TRANSCRIPT, Severity.INFO, "You said: " + (text.isEmpty() ? "(nothing recognised)" : text), data);
    }

    /** A stage failed: {@code source} is {@code stt}, {@code tts} or {@code voice}. */
    void failed(String source, @Nullable String detail, String message) {
        Map<String, @Nullable Object> data = data();
        data.put("source", source);
        data.put("detail", detail);
        bus.publish(EventTypes.ERROR_OCCURRED, Severity.ERROR, message, data);
    }

    /** A chunk's first frame went out; {@code latency} only with the turn's first chunk. */
    void chunkStarted(SpokenChunk chunk, long firstSeq, @Nullable TurnTimeline latency) {
        Map<String, @Nullable Object> data = data();
        data.put("chunk", chunk.index);
        data.put("text", chunk.text);
        data.put("sample_rate", chunk.audio.sampleRate());
        data.put("samples", chunk.audio.samples().length);
        data.put("duration_ms", chunk.nanos() / 1_000_000);
        data.put("first_seq", firstSeq);
        data.put("envelope_ms", LoudnessEnvelope.WINDOW_MS);
        data.put("envelope", chunk.envelope);
        if (latency != null) {
            data.put("latency", latency.stages());
        }
        bus.publish(EventTypes.SPEECH_STARTED, Severity.DEBUG, persona.name() + " speaks: " + chunk.text, data);
    }

    void chunkFinished(SpokenChunk chunk) {
        Map<String, @Nullable Object> data = data();
        data.put("chunk", chunk.index);
        data.put("interrupted", false);
        data.put("turn_end", false);
        bus.publish(EventTypes.SPEECH_FINISHED, Severity.DEBUG, persona.name() + " said: " + chunk.text, data);
    }

    /** All of the reply was said. */
    void turnFinished(String text, TurnTimeline latency) {
        Map<String, @Nullable Object> data = data();
        data.put("interrupted", false);
        data.put("turn_end", true);
        data.put("text", text);
        data.put("latency", latency.stages());
        bus.publish(EventTypes.SPEECH_FINISHED, Severity.INFO, persona.name() + " finished speaking", data);
    }

    /** She was cut off: what had been heard by then. */
    void interrupted(String heardText, long heardMs, String reason, TurnTimeline latency) {
        Map<String, @Nullable Object> data = data();
        data.put("interrupted", true);
        data.put("turn_end", true);
        data.put("heard_text", heardText);
        data.put("heard_ms", heardMs);
        data.put("reason", reason);
        data.put("latency", latency.stages());
        bus.publish(EventTypes.SPEECH_FINISHED, Severity.INFO, persona.name() + " was interrupted", data);
    }
}
