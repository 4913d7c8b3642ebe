package dev.vtubermiku.server.onair;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.protocol.EventTypes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the on-air links need from one of her speech events: a chunk began ({@code speech.started},
 * with its text and 20 ms loudness envelope), a chunk or her turn ended ({@code speech.finished}), or
 * her reply's mood is known ({@code chat.response}, also for replies that are not spoken). Read from
 * the envelope's data as published, whichever producer sent it: the envelope may be a float array
 * (published in-process) or a list of numbers (decoded JSON).
 *
 * @param heardAtNanos {@link System#nanoTime()} when the event reached us: chunk audio starts then
 */
public record SpeechCue(Kind kind, String turnId, int chunk, String text, @Nullable String emotion, float[] envelope,
        int envelopeMs, long durationMs, boolean turnEnd, boolean interrupted, long heardAtNanos) {

    public enum Kind { STARTED, FINISHED, MOOD }

    /** The topics the links subscribe to. */
    public static final List<String> TOPICS = List.of(EventTypes.SPEECH_STARTED, EventTypes.SPEECH_FINISHED,
            EventTypes.CHAT_RESPONSE);

    /** The cue of an event, or empty for any other event (or one without a turn id). */
    public static Optional<SpeechCue> of(Event event, long heardAtNanos) {
        Map<String, @Nullable Object> data = event.data();
        if (!(data.get("turn_id") instanceof String turn)) {
            return Optional.empty();
        }
        Kind kind = switch (event.type()) {
            case EventTypes.SPEECH_STARTED -> Kind.STARTED;
            case EventTypes.SPEECH_FINISHED -> Kind.FINISHED;
            case EventTypes.CHAT_RESPONSE -> Kind.MOOD;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        String emotion = data.get("emotion") instanceof String e && !e.isBlank() ? e.trim().toLowerCase(Locale.ROOT) : null;
        String text = data.get("text") instanceof String t ? t : "";
        return Optional.of(new SpeechCue(kind, turn, (int) number(data.get("chunk"), -1), text, emotion,
                envelope(data.get("envelope")), (int) number(data.get("envelope_ms"), 20), number(data.get("duration_ms"), 0),
                Boolean.TRUE.equals(data.get("turn_end")), Boolean.TRUE.equals(data.get("interrupted")), heardAtNanos));
    }

    private static long number(@Nullable Object value, long otherwise) {
        return value instanceof Number n ? n.longValue() : otherwise;
    }

    private static float[] envelope(@Nullable Object value) {
        return switch (value) {
            case float[] f -> f.clone();
            case double[] d -> {
                float[] out = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    out[i] = (float) d[i];
                }
                yield out;
            }
            case List<?> list -> {
                float[] out = new float[list.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = list.get(i) instanceof Number n ? n.floatValue() : 0f;
                }
                yield out;
            }
            case null, default -> new float[0];
        };
    }

    /** How long this chunk plays: its duration, or its envelope's length when it gave none. */
    public long playMillis() {
        return durationMs > 0 ? durationMs : (long) envelope.length * Math.max(1, envelopeMs);
    }
}
