package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.protocol.event.ErrorOccurred;
import dev.vtubermiku.protocol.event.SpeechFinished;
import dev.vtubermiku.protocol.event.SpeechStarted;
import dev.vtubermiku.protocol.event.SttTranscript;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The events of one utterance, each with its {@code turn_id}, {@code character_id} and {@code origin}:
 * per chunk {@code speech.started} (text, 20 ms loudness envelope; a voice turn's first also carries
 * the latency) and {@code speech.finished}; finally {@code speech.finished} with {@code turn_end: true}
 * (and {@code interrupted: true} when she was cut off); {@code error.occurred} when a stage failed.
 * A voice turn also has its {@code stt.transcript}.
 */
final class TurnEvents {

    /** Origins: what made her speak. */
    static final String VOICE = "voice";

    private final EventBus bus;
    private final Persona persona;
    private final String turnId;
    private final String origin;
    private volatile @Nullable String emotion;

    TurnEvents(EventBus bus, Persona persona, String turnId, String origin) {
        this.bus = bus;
        this.persona = persona;
        this.turnId = turnId;
        this.origin = origin;
    }

    /** Her emotion from now on (lower-case), for the events that follow. */
    void emotion(@Nullable String wire) {
        this.emotion = wire;
    }

    void transcript(String text, Transcript transcript, long sttNanos) {
        bus.publish(new SttTranscript(turnId, persona.id(), text, transcript.language(),
                Math.round(transcript.duration() * 1000) / 1000.0, Math.round(sttNanos / 10_000.0) / 100.0, origin),
                Severity.INFO, "You said: " + (text.isEmpty() ? "(nothing recognised)" : text));
    }

    /** A stage failed: {@code source} is {@code stt}, {@code tts} or {@code voice}. */
    void failed(String source, @Nullable String detail, String message) {
        bus.publish(ErrorOccurred.voiceStage(turnId, persona.id(), source, detail), Severity.ERROR, message);
    }

    /** A chunk's first frame went out; {@code latency} only with a voice turn's first chunk. */
    void chunkStarted(SpokenChunk chunk, long firstSeq, @Nullable Map<String, @Nullable Double> latency) {
        bus.publish(new SpeechStarted(turnId, persona.id(), chunk.index, chunk.text, chunk.audio.sampleRate(),
                chunk.audio.samples().length, chunk.nanos() / 1_000_000, firstSeq, LoudnessEnvelope.WINDOW_MS, chunk.envelope,
                latency, origin, emotion), Severity.DEBUG, persona.name() + " speaks: " + chunk.text);
    }

    void chunkFinished(SpokenChunk chunk) {
        bus.publish(SpeechFinished.chunk(turnId, persona.id(), chunk.index, chunk.text, origin, emotion), Severity.DEBUG,
                persona.name() + " said: " + chunk.text);
    }

    /** All of it was said. */
    void turnFinished(String text, @Nullable Map<String, @Nullable Double> latency) {
        bus.publish(SpeechFinished.said(turnId, persona.id(), text, latency, origin, emotion), Severity.INFO,
                persona.name() + " finished speaking");
    }

    /** She was cut off: what had been heard by then. */
    void interrupted(String heardText, long heardMs, String reason, @Nullable Map<String, @Nullable Double> latency) {
        bus.publish(SpeechFinished.interrupted(turnId, persona.id(), heardText, heardMs, reason, latency, origin, emotion),
                Severity.INFO, persona.name() + " was interrupted");
    }
}
